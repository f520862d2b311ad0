package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import io.dropwizard.util.Duration;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Whom the dialler dials and when, with a recording connector and a clock the test sets. */
class DiallerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T = 100 * SECOND;

    private record Dial(InetSocketAddress remote, Did expected, DialTarget target, long timeoutMillis) {
    }

    /** Two DIDs, the smaller first. */
    private final List<Did> pair = Stream.generate(() -> NodeIdentity.generate().did()).limit(2)
            .sorted(Comparator.comparing(Did::value)).toList();
    private final Did peer = NodeIdentity.generate().did();
    private final TestMetrics metrics = new TestMetrics();
    private final NetworkConfig config = new NetworkConfig();
    private final Set<Did> connected = new HashSet<>();
    private final List<Dial> dials = new ArrayList<>();
    private final List<Did> forgotten = new ArrayList<>();
    private boolean wantsMorePeers = true;
    /** The dialler's random draw for jitter; 0 takes nothing off a delay. */
    private double jitter = 0.0;

    DiallerTest() {
        config.setDialBackoff(Duration.seconds(1));
        config.setMaxDialBackoff(Duration.seconds(4));
        config.setHandshakeTimeout(Duration.seconds(5));
    }

    private Dialler dialler(Did self) {
        return new Dialler(self, config, metrics.metrics, connected::contains,
                did -> connected.contains(did) ? view(did) : null,
                (remote, expected, target, timeoutMillis) -> dials.add(new Dial(remote, expected, target, timeoutMillis)),
                () -> wantsMorePeers, forgotten::add, () -> jitter);
    }

    private static NetworkActor.PeerView view(Did did) {
        return new NetworkActor.PeerView(did.value(), "127.0.0.1:4433", "outbound", "then", null, "icnd/test");
    }

    /** Why {@code future} failed; it must have. */
    private static Throwable failure(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        return future.handle((value, cause) -> cause).join();
    }

    private Dial lastDial() {
        return dials.get(dials.size() - 1);
    }

    @Test
    void aBootstrapPeerIsRedialledAfterABackoffThatDoublesAndResetsOnceConnected() {
        Dialler dialler = dialler(NodeIdentity.generate().did());
        dialler.keepDialled(PeerAddress.parse("127.0.0.1:4433"));

        dialler.dialDue(T);
        dialler.dialDue(T);
        assertThat(dials).as("one dial at a time").hasSize(1);
        assertThat(lastDial().remote()).isEqualTo(new InetSocketAddress("127.0.0.1", 4433));
        assertThat(lastDial().expected()).as("a plain host:port proves whoever answers").isNull();
        assertThat(lastDial().timeoutMillis()).isEqualTo(5_000);
        DialTarget target = lastDial().target();

        dialler.dialFailed(target, new TimeoutException("no handshake"), T);
        dialler.dialDue(T + SECOND - 1);
        assertThat(dials).hasSize(1);
        dialler.dialDue(T + SECOND);
        assertThat(dials).hasSize(2);

        dialler.dialFailed(target, new IOException("unreachable"), T + SECOND);
        dialler.dialDue(T + 3 * SECOND - 1);
        assertThat(dials).as("the second delay is twice the first").hasSize(2);
        dialler.dialDue(T + 3 * SECOND);
        assertThat(dials).hasSize(3);
        assertThat(metrics.errors("timeout")).as("only the timed-out dial counts").isEqualTo(1.0);

        dialler.connected(target, peer, view(peer));
        connected.add(peer);
        dialler.dialDue(T + 60 * SECOND);
        assertThat(dials).as("a connected peer is not dialled").hasSize(3);

        connected.remove(peer);
        dialler.lost(peer, T + 60 * SECOND);
        dialler.dialDue(T + 61 * SECOND - 1);
        assertThat(dials).hasSize(3);
        dialler.dialDue(T + 61 * SECOND);
        assertThat(dials).as("after a connection the backoff starts again at its first delay").hasSize(4);
        assertThat(lastDial().expected()).as("the redial demands the DID learned").isEqualTo(peer);
        assertThat(dialler.keptDialled()).isEqualTo(1);
        assertThat(metrics.value("icn_network_peers_discovered")).isEqualTo(1.0);
    }

    @Test
    void redialsAreJitteredWithinTheUpperHalfOfTheBackoff() {
        Dialler dialler = dialler(NodeIdentity.generate().did());
        dialler.keepDialled(PeerAddress.parse("127.0.0.1:4433"));
        dialler.dialDue(T);
        DialTarget target = lastDial().target();

        jitter = Math.nextDown(1.0);
        dialler.dialFailed(target, new IOException("unreachable"), T);
        dialler.dialDue(T + SECOND / 2);
        assertThat(dials).as("never sooner than half the delay").hasSize(1);
        dialler.dialDue(T + SECOND / 2 + 1_000_000);
        assertThat(dials).hasSize(2);

        jitter = 0.25;
        dialler.dialFailed(target, new IOException("unreachable"), T + SECOND);
        dialler.dialDue(T + SECOND + 1_750_000_000L - 1);
        assertThat(dials).as("2 s less a quarter of its half").hasSize(2);
        dialler.dialDue(T + SECOND + 1_750_000_000L);
        assertThat(dials).hasSize(3);
    }

    @Test
    void anRpcDialIsTriedOnceAndItsCallerToldWhy() {
        Dialler dialler = dialler(NodeIdentity.generate().did());
        CompletableFuture<NetworkActor.PeerView> waiter = new CompletableFuture<>();
        IOException refused = new IOException("refused");

        dialler.dial(PeerAddress.parse("127.0.0.1:4433"), waiter, T);
        assertThat(dials).hasSize(1);
        dialler.dialFailed(lastDial().target(), refused, T);

        assertThat(failure(waiter)).isSameAs(refused);
        dialler.dialDue(T + 3600 * SECOND);
        assertThat(dials).as("a one-off dial is forgotten").hasSize(1);
        assertThat(dialler.keptDialled()).isZero();
        assertThat(metrics.errors("timeout")).isEqualTo(0.0);
    }

    @Test
    void anRpcDialCompletesWhenThePeerSaysHello() {
        Dialler dialler = dialler(NodeIdentity.generate().did());
        CompletableFuture<NetworkActor.PeerView> first = new CompletableFuture<>();
        CompletableFuture<NetworkActor.PeerView> second = new CompletableFuture<>();
        dialler.dial(PeerAddress.parse("127.0.0.1:4433"), first, T);
        dialler.dial(PeerAddress.parse("127.0.0.1:4433"), second, T);
        assertThat(dials).as("both callers wait on one dial").hasSize(1);

        dialler.connected(lastDial().target(), peer, view(peer));

        assertThat(first).isCompletedWithValue(view(peer));
        assertThat(second).isCompletedWithValue(view(peer));
    }

    @Test
    void aDialToAConnectedPeerAnswersAtOnce() {
        Dialler dialler = dialler(NodeIdentity.generate().did());
        connected.add(peer);
        CompletableFuture<NetworkActor.PeerView> waiter = new CompletableFuture<>();

        dialler.dial(PeerAddress.parse(peer.value() + "@127.0.0.1:4433"), waiter, T);

        assertThat(waiter).isCompletedWithValue(view(peer));
        assertThat(dials).isEmpty();
    }

    @Test
    void anAddressKnownUnderAnotherDidIsRefused() {
        Dialler dialler = dialler(NodeIdentity.generate().did());
        Did other = NodeIdentity.generate().did();
        dialler.keepDialled(PeerAddress.parse(peer.value() + "@127.0.0.1:4433"));
        CompletableFuture<NetworkActor.PeerView> waiter = new CompletableFuture<>();

        dialler.dial(PeerAddress.parse(other.value() + "@127.0.0.1:4433"), waiter, T);

        assertThat(failure(waiter)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("127.0.0.1:4433 is known as " + peer + ", not " + other);
    }

    @Test
    void aConnectionClosedBeforeHelloFailsItsCallersAndBacksOff() {
        Dialler dialler = dialler(NodeIdentity.generate().did());
        dialler.keepDialled(PeerAddress.parse("127.0.0.1:4433"));
        CompletableFuture<NetworkActor.PeerView> waiter = new CompletableFuture<>();
        dialler.dial(PeerAddress.parse("127.0.0.1:4433"), waiter, T);

        dialler.sessionClosed(lastDial().target(), false, T);

        assertThat(failure(waiter)).isInstanceOf(IllegalStateException.class)
                .hasMessage("connection to 127.0.0.1:4433 closed before the peer said hello");
        dialler.dialDue(T + SECOND - 1);
        assertThat(dials).hasSize(1);
        dialler.dialDue(T + SECOND);
        assertThat(dials).as("a bootstrap peer is kept").hasSize(2);
    }

    @Test
    void ofTwoNodesFoundByMdnsOnlyTheSmallerDidDials() {
        Did small = pair.get(0);
        Did large = pair.get(1);
        Dialler atSmall = dialler(small);
        Dialler atLarge = dialler(large);

        atSmall.discovered(PeerAddress.parse(large.value() + "@127.0.0.1:4434"));
        atLarge.discovered(PeerAddress.parse(small.value() + "@127.0.0.1:4433"));
        atSmall.dialDue(T);
        atLarge.dialDue(T);

        assertThat(dials).singleElement().satisfies(dial -> {
            assertThat(dial.expected()).isEqualTo(large);
            assertThat(dial.remote().getPort()).isEqualTo(4434);
        });
        assertThat(atLarge.keptDialled()).as("the larger keeps the target, to answer when it is lost").isEqualTo(1);
    }

    @Test
    void aNodeNeverDialsItself() {
        Did self = NodeIdentity.generate().did();
        Dialler dialler = dialler(self);

        dialler.discovered(PeerAddress.parse(self.value() + "@127.0.0.1:4433"));
        assertThat(dialler.keptDialled()).as("our own mDNS announcement").isZero();
        dialler.keepDialled(PeerAddress.parse(self.value() + "@127.0.0.1:4434"));
        dialler.dialDue(T);

        assertThat(dials).isEmpty();
    }

    @Test
    void learnedPeersAreDialledWithTheirDidOnlyWhileMorePeersAreWanted() {
        Did self = NodeIdentity.generate().did();
        Did teller = NodeIdentity.generate().did();
        Dialler dialler = dialler(self);
        PeerAddress hint = new PeerAddress(java.util.Optional.of(peer), "127.0.0.1", 4500);

        wantsMorePeers = false;
        assertThat(dialler.learned(hint, teller)).isTrue();
        dialler.dialDue(T);
        assertThat(dials).as("enough peers: a hint waits").isEmpty();

        wantsMorePeers = true;
        dialler.dialDue(T);
        assertThat(dials).singleElement().satisfies(dial -> {
            assertThat(dial.expected()).as("the handshake must prove the DID the hint named").isEqualTo(peer);
            assertThat(dial.remote()).isEqualTo(new InetSocketAddress("127.0.0.1", 4500));
        });
        assertThat(dialler.learned(hint, teller)).as("known already").isFalse();
        assertThat(dialler.learned(new PeerAddress(java.util.Optional.of(peer), "127.0.0.2", 1), teller))
                .as("the same DID elsewhere").isFalse();
        assertThat(dialler.learned(new PeerAddress(java.util.Optional.of(self), "127.0.0.3", 1), teller))
                .as("never dial itself").isFalse();
        assertThat(dialler.learned(new PeerAddress(java.util.Optional.of(teller), "127.0.0.4", 1), teller))
                .as("a peer's word about itself is no hint").isFalse();
        assertThat(dialler.learned(PeerAddress.parse("127.0.0.5:1"), teller)).as("a hint names its DID").isFalse();
    }

    @Test
    void anUnreachableHintIsDroppedAfterAFewTriesAndForgotten() {
        Dialler dialler = dialler(NodeIdentity.generate().did());
        dialler.learned(new PeerAddress(java.util.Optional.of(peer), "127.0.0.1", 4500), NodeIdentity.generate().did());
        long now = T;
        for (int attempt = 1; attempt <= Dialler.MAX_LEARNED_FAILURES; attempt++) {
            dialler.dialDue(now);
            assertThat(dials).hasSize(attempt);
            assertThat(forgotten).isEmpty();
            dialler.dialFailed(lastDial().target(), new IOException("unreachable"), now);
            now += 60 * SECOND;
        }
        assertThat(forgotten).containsExactly(peer);
        dialler.dialDue(now);
        assertThat(dials).as("dropped: not dialled again").hasSize(Dialler.MAX_LEARNED_FAILURES);
        assertThat(dialler.keptDialled()).isZero();
    }

    @Test
    void onePeerCannotFloodTheTable() {
        Dialler dialler = dialler(NodeIdentity.generate().did());
        Did flooder = NodeIdentity.generate().did();
        int taken = 0;
        for (int i = 0; i < 100; i++) {
            PeerAddress hint = new PeerAddress(java.util.Optional.of(NodeIdentity.generate().did()), "10.0.0." + i, 4433);
            taken += dialler.learned(hint, flooder) ? 1 : 0;
        }
        assertThat(taken).isEqualTo(Dialler.MAX_FROM_ONE_PEER);
        assertThat(dialler.learned(new PeerAddress(java.util.Optional.of(NodeIdentity.generate().did()), "10.0.1.1", 1),
                NodeIdentity.generate().did())).as("another peer's hints are still taken").isTrue();
        assertThat(metrics.value("icn_network_peers_discovered")).isEqualTo(Dialler.MAX_FROM_ONE_PEER + 1.0);
    }
}
