package coop.icn.icnd.net;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.TestCluster;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.obs.Scrape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static coop.icn.icnd.obs.Scrape.delta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a real node allows one peer: bytes it has not read (network.maxPendingBytes), and how
 * long a quiet connection may last (QUIC's idle timeout, from network.keepAliveInterval).
 */
class PeerLimitsIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    private static int ping(NodeProcess from, String to, int count, int size) {
        HttpResponse<String> response = from.post("/v1/peers/" + to + "/ping",
                "{\"count\":" + count + ",\"size\":" + size + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return (Integer) NodeProcess.json(response).get("answered");
    }

    @Test
    void aPeerThatStopsReadingIsDroppedAsSlowAndTheOtherPeersCarryOn() throws Exception {
        // keep-alive at 5 s: a peer at its bound for 5 s is slow; one silent for 15 s would be a timeout. The frozen
        // peer answers no keep-alive, so its timeout runs from its connection: 10 s for the set-up on a busy machine
        NodeProcess a = cluster.node(dir, "a").network("maxMessageBytes", "64KiB").network("maxPendingBytes", "256KiB")
                .network("keepAliveInterval", "5s").start();
        NodeProcess b = cluster.node(dir, "b").bootstrap(a).start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> a.peers().size() == 1);
        RawPeer frozen = cluster.closeAfter(new RawPeer(NodeIdentity.generate())).receiveWindow(64 * 1024).connect(a);
        String frozenDid = frozen.identity().did().value();
        frozen.hello();
        await().atMost(10, TimeUnit.SECONDS).until(() -> frozen.receivedTypes().contains(MessageType.HELLO.code())
                && a.peers().size() == 2);
        frozen.stopReading();
        Scrape before = a.metrics();

        // 100 pings of 60 000 bytes, 6 MB, to a peer that reads nothing: its window takes one, the bound four more
        assertThat(ping(a, frozenDid, 100, 60_000)).isZero();

        await().atMost(20, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> a.peers().size() == 1 && !frozen.isConnected());
        Scrape after = a.metrics();
        assertThat(delta(before, after, "icn_network_errors_total", "type", "slow")).isEqualTo(1);
        assertThat(delta(before, after, "icn_network_errors_total", "type", "timeout")).isZero();
        assertThat(delta(before, after, "icn_network_bytes_sent_total")).as("held back by the frozen peer's window")
                .isLessThanOrEqualTo(64 * 1024);
        assertThat(a.peers()).extracting(peer -> peer.get("did")).containsExactly(b.did());
        assertThat(ping(a, b.did(), 20, 1000)).isEqualTo(20);
        assertThat(ping(b, a.did(), 20, 1000)).isEqualTo(20);
        assertThat(delta(before, a.metrics(), "icn_network_connections_total")).as("b's connection was never touched").isZero();
        assertThat(NodeProcess.get(a.adminUrl("/healthcheck")).statusCode()).isEqualTo(200);
    }

    @Test
    void theIdleTimeoutANodeAnnouncesIsFiveKeepAliveIntervals() throws Exception {
        NodeProcess a = cluster.node(dir, "a").network("keepAliveInterval", "12s").start();

        RawPeer peer = cluster.closeAfter(new RawPeer(NodeIdentity.generate())).connect(a);

        // 30 s was hard-coded: shorter than the 48 s keep-alive takes to call a silent peer gone
        assertThat(peer.nodeIdleTimeoutMillis()).isEqualTo(60_000);
    }
}
