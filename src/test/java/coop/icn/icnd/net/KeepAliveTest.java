package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Keep-alive rounds over fake connections, on a clock the test sets. */
class KeepAliveTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long INTERVAL = 10 * SECOND;

    private final Did self = NodeIdentity.generate().did();
    private final TestMetrics metrics = new TestMetrics();
    private final SessionTable<FakeLink> sessions = new SessionTable<>(self, metrics.metrics);
    private final KeepAlive keepAlive = new KeepAlive(INTERVAL, new PingTracker(() -> 0L), metrics.metrics);

    private FakeLink connectedAt(long nanos) {
        FakeLink link = FakeLink.dialledTo(NodeIdentity.generate().did());
        sessions.established(link, nanos);
        return link;
    }

    @Test
    void aPeerThatMissedThreePingsIsClosedAsATimeout() {
        FakeLink link = connectedAt(0);

        keepAlive.tick(sessions, INTERVAL);
        keepAlive.tick(sessions, 2 * INTERVAL);
        keepAlive.tick(sessions, 3 * INTERVAL);
        assertThat(link.closes).as("three intervals of silence are allowed").isEmpty();
        assertThat(link.pings).hasSize(3);

        keepAlive.tick(sessions, 3 * INTERVAL + 1);

        assertThat(link.closes).containsExactly(PeerLink.ERROR_TIMEOUT);
        assertThat(link.pings).as("a peer being closed is not pinged").hasSize(3);
        assertThat(metrics.errors("timeout")).isEqualTo(1.0);
    }

    @Test
    void aPongPutsOffTheDeadline() {
        FakeLink link = connectedAt(0);
        sessions.pong(link, 25 * SECOND, 0.001);

        keepAlive.tick(sessions, 40 * SECOND);

        assertThat(link.closes).isEmpty();
        assertThat(link.pings).singleElement().satisfies(ping -> {
            assertThat(ping.bytes()).as("keep-alives carry no data").isZero();
            assertThat(ping.flush()).isTrue();
        });
        assertThat(metrics.errors("timeout")).isEqualTo(0.0);
    }

    @Test
    void onlyTheSilentPeerIsClosedAndEveryPingHasItsOwnValue() {
        FakeLink silent = connectedAt(0);
        FakeLink lively = connectedAt(0);
        FakeLink late = connectedAt(20 * SECOND);
        sessions.pong(lively, 30 * SECOND, 0.001);

        keepAlive.tick(sessions, 31 * SECOND);

        assertThat(silent.closes).containsExactly(PeerLink.ERROR_TIMEOUT);
        assertThat(lively.closes).isEmpty();
        assertThat(late.closes).isEmpty();
        // the clock stands still here, yet the two pongs must find their own pings
        assertThat(lively.pings.get(0).sentNanos()).isNotEqualTo(late.pings.get(0).sentNanos());
    }

    @Test
    void quicWaitsLongerThanKeepAliveTakesToCloseASilentPeer() {
        long interval = 12 * SECOND;
        KeepAlive every12s = new KeepAlive(interval, new PingTracker(() -> 0L), metrics.metrics);
        FakeLink silent = connectedAt(0);
        long now = 0;
        while (silent.closes.isEmpty() && now < 10 * interval) {
            now += interval;
            every12s.tick(sessions, now);
        }

        // silent since it connected, the peer is closed at the fourth round, 48 s; QUIC waits 60 s
        assertThat(now).isEqualTo(4 * interval);
        assertThat(KeepAlive.idleTimeoutMillis(12_000)).isEqualTo(60_000).isGreaterThan(now / 1_000_000);
        assertThat(metrics.errors("timeout")).as("so keep-alive is the one that counts it").isEqualTo(1.0);
    }
}
