package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The session table's rules, on fake connections. */
class SessionTableTest {
    private static final long SECOND = 1_000_000_000L;
    /** A peer's run after its restart (its first is {@link FakeLink#FIRST_RUN}). */
    private static final long SECOND_RUN = 2;

    /** Two DIDs, the smaller first. */
    private final List<Did> pair = Stream.generate(() -> NodeIdentity.generate().did()).limit(2)
            .sorted(Comparator.comparing(Did::value)).toList();
    private final Did small = pair.get(0);
    private final Did large = pair.get(1);
    /** The small node's table, for the tests that need one node only. */
    private final TestMetrics metrics = new TestMetrics();
    private final SessionTable<FakeLink> table = new SessionTable<>(small, metrics.metrics);

    @Test
    void whenBothDialBothNodesKeepTheConnectionTheSmallerDidOpened() {
        TestMetrics smallMetrics = new TestMetrics();
        TestMetrics largeMetrics = new TestMetrics();
        SessionTable<FakeLink> atSmall = new SessionTable<>(small, smallMetrics.metrics);
        SessionTable<FakeLink> atLarge = new SessionTable<>(large, largeMetrics.metrics);
        // connection X is opened by the small node, Y by the large one; each side sees both ends,
        // both from the one run of the other node
        long smallRun = 11;
        long largeRun = 22;
        FakeLink xAtSmall = FakeLink.dialledTo(large, largeRun);
        FakeLink yAtSmall = FakeLink.dialledBy(large, largeRun);
        FakeLink xAtLarge = FakeLink.dialledBy(small, smallRun);
        FakeLink yAtLarge = FakeLink.dialledTo(small, smallRun);

        // the hellos arrive in opposite orders on the two nodes
        assertThat(atSmall.established(xAtSmall, 10 * SECOND)).isEqualTo(SessionTable.Arrival.NEW_PEER);
        assertThat(atSmall.established(yAtSmall, 11 * SECOND)).isEqualTo(SessionTable.Arrival.DUPLICATE);
        assertThat(atLarge.established(yAtLarge, 10 * SECOND)).isEqualTo(SessionTable.Arrival.NEW_PEER);
        assertThat(atLarge.established(xAtLarge, 12 * SECOND)).isEqualTo(SessionTable.Arrival.REPLACED);

        assertThat(atSmall.live(large)).isSameAs(xAtSmall);
        assertThat(atLarge.live(small)).isSameAs(xAtLarge);
        assertThat(yAtSmall.closes).containsExactly(PeerLink.ERROR_DUPLICATE);
        assertThat(yAtLarge.closes).containsExactly(PeerLink.ERROR_DUPLICATE);
        assertThat(xAtSmall.closes).isEmpty();
        assertThat(xAtLarge.closes).isEmpty();
        // the small node never counted Y as a connection; the large node counted both and timed Y's 2 s
        assertThat(smallMetrics.value("icn_network_connections_total")).isEqualTo(1.0);
        assertThat(smallMetrics.observed("icn_network_connection_duration_seconds")).isEqualTo(new TestMetrics.Observed(0, 0));
        assertThat(largeMetrics.value("icn_network_connections_total")).isEqualTo(2.0);
        assertThat(largeMetrics.observed("icn_network_connection_duration_seconds")).isEqualTo(new TestMetrics.Observed(1.0, 2.0));
        assertThat(smallMetrics.value("icn_network_connections_active")).isEqualTo(1.0);
        assertThat(largeMetrics.value("icn_network_connections_active")).isEqualTo(1.0);
    }

    @Test
    void ofTwoConnectionsOpenedByTheSameNodeTheOlderStays() {
        FakeLink first = FakeLink.dialledTo(large);
        FakeLink second = FakeLink.dialledTo(large);

        table.established(first, SECOND);

        assertThat(table.established(second, 2 * SECOND)).isEqualTo(SessionTable.Arrival.DUPLICATE);
        assertThat(table.live(large)).isSameAs(first);
        assertThat(second.closes).containsExactly(PeerLink.ERROR_DUPLICATE);
    }

    @Test
    void aSessionWhosePredecessorHasEndedTakesItsPlaceWithoutAPeerUp() {
        FakeLink old = FakeLink.dialledTo(large);
        table.established(old, SECOND);
        old.drop(); // its close is still on the way to the actor

        FakeLink next = FakeLink.dialledBy(large);

        assertThat(table.established(next, 2 * SECOND)).isEqualTo(SessionTable.Arrival.REPLACED);
        assertThat(table.live(large)).isSameAs(next);
        assertThat(old.closes).isEmpty();
        assertThat(table.closed(old, 3 * SECOND)).as("the old session's close is not the peer's").isFalse();
        assertThat(table.isConnected(large)).isTrue();
        // timed once, when replaced, since its close no longer finds it
        assertThat(metrics.observed("icn_network_connection_duration_seconds")).isEqualTo(new TestMetrics.Observed(1.0, 1.0));
    }

    @Test
    void aPeerThatRestartedAndDialsAgainReplacesTheConnectionItsEarlierRunDialled() {
        // the tie of "the older of two opened by the same node" would keep the dead one
        FakeLink dead = FakeLink.dialledBy(large);
        table.established(dead, 10 * SECOND);

        FakeLink fresh = FakeLink.dialledBy(large, SECOND_RUN);

        assertThat(table.established(fresh, 25 * SECOND)).isEqualTo(SessionTable.Arrival.RESTARTED);
        assertThat(table.live(large)).isSameAs(fresh);
        assertThat(dead.closes).containsExactly(PeerLink.ERROR_RESTARTED);
        assertThat(fresh.closes).isEmpty();
        assertThat(table.closed(dead, 26 * SECOND)).as("the dead session's close is not the peer's").isFalse();
        assertThat(metrics.value("icn_network_connections_total")).isEqualTo(2.0);
        assertThat(metrics.value("icn_network_connections_active")).isEqualTo(1.0);
        assertThat(metrics.observed("icn_network_connection_duration_seconds")).isEqualTo(new TestMetrics.Observed(1.0, 15.0));
    }

    @Test
    void aPeerThatRestartedReplacesTheConnectionTheSmallerSurvivorDialled() {
        // the DID rule would keep the dead one: the small node opened it
        FakeLink dead = FakeLink.dialledTo(large);
        table.established(dead, SECOND);

        FakeLink fresh = FakeLink.dialledBy(large, SECOND_RUN);

        assertThat(table.established(fresh, 2 * SECOND)).isEqualTo(SessionTable.Arrival.RESTARTED);
        assertThat(table.live(large)).isSameAs(fresh);
        assertThat(dead.closes).containsExactly(PeerLink.ERROR_RESTARTED);
        assertThat(fresh.closes).isEmpty();
    }

    @Test
    void aPeerThatRestartedIsARestartEvenWhenItsOldConnectionHasEnded() {
        FakeLink old = FakeLink.dialledTo(large);
        table.established(old, SECOND);
        old.drop(); // its close is still on the way to the actor

        FakeLink fresh = FakeLink.dialledTo(large, SECOND_RUN);

        assertThat(table.established(fresh, 3 * SECOND)).as("the actor must tell the listeners")
                .isEqualTo(SessionTable.Arrival.RESTARTED);
        assertThat(old.closes).isEmpty();
        assertThat(table.closed(old, 4 * SECOND)).isFalse();
        assertThat(metrics.observed("icn_network_connection_duration_seconds")).isEqualTo(new TestMetrics.Observed(1.0, 2.0));
    }

    @Test
    void closingTheEstablishedSessionDisconnectsThePeerAndTimesTheConnection() {
        FakeLink link = FakeLink.dialledTo(large);
        table.established(link, 10 * SECOND);

        assertThat(table.closed(link, 15 * SECOND)).isTrue();

        assertThat(table.live(large)).isNull();
        assertThat(table.livePeers()).isEmpty();
        assertThat(table.isConnected(large)).isFalse();
        assertThat(metrics.value("icn_network_connections_active")).isEqualTo(0.0);
        assertThat(metrics.observed("icn_network_connection_duration_seconds")).isEqualTo(new TestMetrics.Observed(1.0, 5.0));
        assertThat(metrics.errors("handshake")).isEqualTo(0.0);
    }

    @Test
    void aPeerThatClosesBeforeItsHelloIsAHandshakeError() {
        FakeLink link = FakeLink.dialledTo(large);
        table.opened(link);
        assertThat(table.handshaking()).isEqualTo(1);

        assertThat(table.closed(link, SECOND)).isFalse();

        assertThat(table.handshaking()).isZero();
        assertThat(metrics.errors("handshake")).isEqualTo(1.0);
    }

    @Test
    void aSessionSilentPastTheHandshakeTimeoutIsClosedAndCountedOnceAsATimeout() {
        FakeLink link = new FakeLink(large, PeerLink.Direction.INBOUND, 100 * SECOND);
        table.opened(link);

        table.expireHandshakes(105 * SECOND, 5 * SECOND);
        assertThat(link.closes).as("exactly at the timeout it may still say hello").isEmpty();

        table.expireHandshakes(105 * SECOND + 1, 5 * SECOND);
        assertThat(link.closes).containsExactly(PeerLink.ERROR_TIMEOUT);
        assertThat(table.handshaking()).isZero();

        table.closed(link, 106 * SECOND);
        assertThat(metrics.errors("timeout")).isEqualTo(1.0);
        assertThat(metrics.errors("handshake")).as("we closed it; the peer refused nothing").isEqualTo(0.0);
    }

    @Test
    void aHelloInTimeEndsTheHandshake() {
        FakeLink link = new FakeLink(large, PeerLink.Direction.OUTBOUND, 0);
        table.opened(link);

        table.established(link, SECOND);
        table.expireHandshakes(60 * SECOND, 5 * SECOND);

        assertThat(link.closes).isEmpty();
        assertThat(table.handshaking()).isZero();
        assertThat(metrics.errors("timeout")).isEqualTo(0.0);
    }

    @Test
    void aPongRecordsTheRttOfTheEstablishedSessionOnly() {
        FakeLink link = FakeLink.dialledTo(large);
        table.established(link, SECOND);

        table.pong(link, 4 * SECOND, 0.25);
        table.pong(FakeLink.dialledTo(large), 5 * SECOND, 0.5);

        SessionTable.Entry<FakeLink> entry = table.entry(large);
        assertThat(entry.rttSeconds).isEqualTo(0.25);
        assertThat(entry.lastPongNanos).isEqualTo(4 * SECOND);
        assertThat(metrics.observed("icn_network_rtt_seconds")).isEqualTo(new TestMetrics.Observed(2.0, 0.75));
    }

    @Test
    void aPeerLeftOverItsBoundForLongerThanTheGraceIsClosedOnceAsSlow() {
        FakeLink stalled = FakeLink.dialledTo(large);
        FakeLink reading = FakeLink.dialledBy(small);
        SessionTable<FakeLink> atMedium = new SessionTable<>(NodeIdentity.generate().did(), metrics.metrics);
        atMedium.established(stalled, 0);
        atMedium.established(reading, 0);
        stalled.backlog.reserve(1024, 0);
        reading.backlog.reserve(1024, 0);
        stalled.backlog.reserve(1, 10 * SECOND); // refused: the stall starts here
        reading.backlog.reserve(1, 10 * SECOND);
        reading.backlog.release(1024);           // but this one reads what it was sent

        atMedium.dropSlow(20 * SECOND, 10 * SECOND);
        assertThat(stalled.closes).as("exactly at the grace it may still catch up").isEmpty();

        atMedium.dropSlow(20 * SECOND + 1, 10 * SECOND);
        atMedium.dropSlow(21 * SECOND, 10 * SECOND); // its close is still on the way to the actor

        assertThat(stalled.closes).containsExactly(PeerLink.ERROR_SLOW);
        assertThat(reading.closes).isEmpty();
        assertThat(metrics.errors("slow")).isEqualTo(1.0);
        assertThat(metrics.errors("timeout")).isEqualTo(0.0);
    }
}
