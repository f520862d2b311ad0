package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Peer exchange without a network: who is told of whom, and what is remembered. */
class PeerExchangeTest {
    private final TestMetrics metrics = new TestMetrics();
    private final Did self = NodeIdentity.generate().did();
    private final List<PeerAddress> learned = new ArrayList<>();
    private final List<PeerAddress> remembered = new ArrayList<>();
    private final List<Did> forgotten = new ArrayList<>();

    private final PeerStore store = new PeerStore() {
        @Override
        public List<PeerAddress> load(int limit) {
            return List.copyOf(remembered);
        }

        @Override
        public void remember(PeerAddress address, long nowMillis) {
            remembered.add(address);
        }

        @Override
        public void forget(Did peer) {
            forgotten.add(peer);
        }
    };

    private final Dialler dialler = new Dialler(self, new NetworkConfig(), metrics.metrics, did -> false, did -> null,
            (remote, expected, target, timeoutMillis) -> learned.add(new PeerAddress(Optional.of(expected),
                    remote.getHostString(), remote.getPort())),
            () -> true, did -> { }, () -> 0.0);
    private final PeerExchange exchange = new PeerExchange(dialler, store);

    private static FakeLink linkAt(String host, int port) {
        Did did = NodeIdentity.generate().did();
        FakeLink link = FakeLink.dialledBy(did);
        link.dialAddress = new PeerAddress(Optional.of(did), host, port);
        return link;
    }

    @Test
    void aNewPeerHearsOfTheOthersAndTheyOfIt() {
        FakeLink b = linkAt("10.0.0.2", 4433);
        FakeLink c = linkAt("10.0.0.3", 4433);
        FakeLink d = linkAt("10.0.0.4", 4433);

        exchange.connected(d, List.of(b, c, d), 1_000);

        assertThat(d.peerLists).containsExactly(List.of(b.dialAddress, c.dialAddress));
        assertThat(b.peerLists).containsExactly(List.of(d.dialAddress));
        assertThat(c.peerLists).containsExactly(List.of(d.dialAddress));
        assertThat(remembered).containsExactly(d.dialAddress);
    }

    @Test
    void theFirstPeerHearsNothingAndAPeerWithoutAnAddressIsNotPassedOn() {
        FakeLink first = linkAt("10.0.0.2", 4433);
        exchange.connected(first, List.of(first), 1_000);
        assertThat(first.sent).isEmpty();

        FakeLink silent = FakeLink.dialledBy(NodeIdentity.generate().did());
        exchange.connected(silent, List.of(first, silent), 2_000);
        assertThat(first.sent).as("nothing to tell of a peer that cannot be dialled").isEmpty();
        assertThat(silent.peerLists).containsExactly(List.of(first.dialAddress));
        assertThat(remembered).containsExactly(first.dialAddress);
    }

    @Test
    void hintsAndRememberedPeersAreDialled() {
        PeerAddress stored = new PeerAddress(Optional.of(NodeIdentity.generate().did()), "10.0.0.9", 4433);
        remembered.add(stored);
        PeerAddress told = new PeerAddress(Optional.of(NodeIdentity.generate().did()), "10.0.0.8", 4433);

        exchange.loadRemembered();
        exchange.received(NodeIdentity.generate().did(), List.of(told));
        dialler.dialDue(1);

        assertThat(learned).containsExactlyInAnyOrder(stored, told);
        exchange.unreachable(told.did().orElseThrow());
        assertThat(forgotten).containsExactly(told.did().orElseThrow());
    }
}
