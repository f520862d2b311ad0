package coop.icn.icnd.net;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.TestCluster;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.obs.Scrape;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static coop.icn.icnd.obs.Scrape.delta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real nodes, each its own JVM from the packaged jar, talking QUIC on loopback. */
class NetworkIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    private NodeProcess node(String name) {
        return cluster.node(dir, name);
    }

    private static void awaitPeers(NodeProcess node, int count) {
        await().atMost(30, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> node.peers().size() == count);
    }

    private static Map<String, Object> ping(NodeProcess from, NodeProcess to, int count, int size) {
        HttpResponse<String> response = from.post("/v1/peers/" + to.did() + "/ping",
                "{\"count\":" + count + ",\"size\":" + size + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return NodeProcess.json(response);
    }


    @Test
    void threeNodesInALineExchangeMessagesBothWaysWithExactCounts() {
        // targetPeers 1: the ends keep to their one peer instead of dialling each other as b tells them
        NodeProcess a = node("a").network("targetPeers", "1").start();
        NodeProcess b = node("b").bootstrap(a).start();
        NodeProcess c = node("c").network("targetPeers", "1").bootstrap(b).start();
        awaitPeers(b, 2);
        awaitPeers(a, 1);
        awaitPeers(c, 1);
        assertThat(a.peers()).extracting(p -> p.get("did")).containsExactly(b.did());
        assertThat(c.peers()).extracting(p -> p.get("did")).containsExactly(b.did());
        assertThat(b.peers()).extracting(p -> p.get("direction")).containsExactlyInAnyOrder("inbound", "outbound");
        // the frames sent on connecting (subscriptions, b's peer lists) may still be on their way
        Scrape b0 = b.quietScrape();
        Scrape a0 = a.quietScrape();
        Scrape c0 = c.quietScrape();

        Map<String, Object> aToB = ping(a, b, 25, 1000);
        Map<String, Object> bToA = ping(b, a, 15, 0);
        Map<String, Object> cToB = ping(c, b, 10, 4000);

        assertThat(aToB).containsEntry("answered", 25);
        assertThat(bToA).containsEntry("answered", 15);
        assertThat(cToB).containsEntry("answered", 10);
        Scrape a1 = a.metrics();
        Scrape b1 = b.metrics();
        Scrape c1 = c.metrics();
        // A wrote 25 pings and 15 pongs; B read exactly those, and the other way round
        assertThat(delta(a0, a1, "icn_network_messages_sent_total")).isEqualTo(40);
        assertThat(delta(a0, a1, "icn_network_messages_received_total")).isEqualTo(40);
        assertThat(delta(c0, c1, "icn_network_messages_sent_total")).isEqualTo(10);
        assertThat(delta(c0, c1, "icn_network_messages_received_total")).isEqualTo(10);
        assertThat(delta(b0, b1, "icn_network_messages_received_total")).isEqualTo(40 + 10);
        assertThat(delta(b0, b1, "icn_network_messages_sent_total")).isEqualTo(40 + 10);
        assertThat(delta(a0, a1, "icn_network_messages_sent_by_type_total", "type", "ping")).isEqualTo(25);
        assertThat(delta(a0, a1, "icn_network_messages_sent_by_type_total", "type", "pong")).isEqualTo(15);
        assertThat(delta(a0, a1, "icn_network_messages_received_by_type_total", "type", "pong")).isEqualTo(25);
        assertThat(delta(a0, a1, "icn_network_messages_received_by_type_total", "type", "ping")).isEqualTo(15);
        // every byte one side wrote, the other read: frame sizes are 4 + 2 + 8 + data
        double aWrote = delta(a0, a1, "icn_network_bytes_sent_total");
        assertThat(aWrote).isEqualTo(25 * (14 + 1000) + 15 * 14);
        assertThat(delta(a0, a1, "icn_network_bytes_received_total")).isEqualTo(25 * (14 + 1000) + 15 * 14);
        assertThat(delta(c0, c1, "icn_network_bytes_sent_total")).isEqualTo(10 * (14 + 4000));
        assertThat(delta(b0, b1, "icn_network_bytes_received_total"))
                .isEqualTo(aWrote + delta(c0, c1, "icn_network_bytes_sent_total"));
        assertThat(delta(a0, a1, "icn_network_rtt_seconds_count")).isEqualTo(25);
        assertThat(delta(b0, b1, "icn_network_rtt_seconds_count")).isEqualTo(15);
        assertThat(delta(a0, a1, "icn_network_message_size_bytes_count", "direction", "sent")).isEqualTo(40);
        assertThat(delta(a0, a1, "icn_network_message_size_bytes_bucket", "direction", "sent", "le", "1024.0")).isEqualTo(40);
        assertThat(delta(c0, c1, "icn_network_message_size_bytes_bucket", "direction", "sent", "le", "1024.0")).isZero();
        assertThat(delta(c0, c1, "icn_network_message_size_bytes_bucket", "direction", "sent", "le", "4096.0")).isEqualTo(10);
        // the line holds: two connections on B, one each on A and C
        assertThat(b1.value("icn_network_connections_active")).isEqualTo(2);
        assertThat(b1.value("icn_network_connections_total")).isEqualTo(2);
        assertThat(a1.value("icn_network_connections_active")).isEqualTo(1);
        // c keeps b (bootstrap) and a (learned from b, not dialled at targetPeers 1)
        assertThat(c1.value("icn_network_peers_discovered")).isEqualTo(2);
        assertThat(NodeProcess.json(NodeProcess.get(b.adminUrl("/healthcheck")))).extractingByKey("network")
                .satisfies(network -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> check = (Map<String, Object>) network;
                    assertThat(check).containsEntry("healthy", true).containsEntry("peers", 2);
                });
    }

    @Test
    void aPeerPresentingAnotherIdentityIsRejectedAndCounted() {
        NodeProcess a = node("a").start();
        NodeProcess c = node("c").start();
        Scrape a0 = a.metrics();
        Scrape c0 = c.metrics();
        String impostor = NodeIdentity.generate().did().value();

        HttpResponse<String> dial = c.post("/v1/peers", "{\"address\":\"" + a.quicAddress() + "\",\"did\":\"" + impostor + "\"}");

        assertThat(dial.statusCode()).as(dial.body()).isEqualTo(502);
        assertThat(c.peers()).isEmpty();
        assertThat(a.peers()).isEmpty();
        Scrape a1 = a.metrics();
        Scrape c1 = c.metrics();
        assertThat(delta(c0, c1, "icn_network_errors_total", "type", "auth")).isEqualTo(1);
        assertThat(delta(c0, c1, "icn_network_connections_total")).isZero();
        assertThat(delta(a0, a1, "icn_network_connections_total")).isZero();
        assertThat(delta(a0, a1, "icn_network_messages_received_total")).isZero();

        // dialled with the right DID, the same address connects
        HttpResponse<String> honest = c.post("/v1/peers", "{\"address\":\"" + a.did() + "@" + a.quicAddress() + "\"}");
        assertThat(honest.statusCode()).as(honest.body()).isEqualTo(201);
        assertThat(NodeProcess.json(honest)).containsEntry("did", a.did());
    }

    @Test
    void aDialToNothingTimesOutAndIsCounted() throws Exception {
        NodeProcess a = node("a").start();
        Scrape before = a.metrics();
        int silentPort;
        try (java.net.DatagramSocket silent = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            silentPort = silent.getLocalPort();
            // a socket that reads nothing: the QUIC handshake never gets an answer
            HttpResponse<String> dial = a.post("/v1/peers", "{\"address\":\"127.0.0.1:" + silentPort + "\"}");
            assertThat(dial.statusCode()).as(dial.body()).isEqualTo(502);
            assertThat(dial.body()).contains("no handshake within");
        }
        assertThat(delta(before, a.metrics(), "icn_network_errors_total", "type", "timeout")).isEqualTo(1);
        assertThat(a.metrics().value("icn_network_peers_discovered")).isZero();
    }

    @Test
    void twoNodesDiallingEachOtherKeepOneConnection() {
        NodeProcess a = node("a");
        NodeProcess b = node("b");
        a.bootstrap(b);
        b.bootstrap(a);
        a.start();
        b.start();

        awaitPeers(a, 1);
        awaitPeers(b, 1);
        await().during(2, TimeUnit.SECONDS).atMost(10, TimeUnit.SECONDS).until(() ->
                a.metrics().value("icn_network_connections_active") == 1
                        && b.metrics().value("icn_network_connections_active") == 1);
        // the surviving connection is the same one seen from both ends
        String aSees = (String) a.peers().get(0).get("direction");
        String bSees = (String) b.peers().get(0).get("direction");
        assertThat(aSees).isNotEqualTo(bSees);
        // and it is the one the smaller DID dialled
        String dialler = "outbound".equals(aSees) ? a.did() : b.did();
        assertThat(dialler).isEqualTo(a.did().compareTo(b.did()) < 0 ? a.did() : b.did());
        assertThat(b.post("/v1/peers/" + a.did() + "/ping", "{\"count\":5}").statusCode()).isEqualTo(200);
    }

    @Test
    void aStoppedPeerIsRedialledAndAKilledOneIsTakenBackAtOnce() throws Exception {
        // targetPeers 0: the restarted a does not redial b from its remembered peers, b must
        NodeProcess a = node("a").network("targetPeers", "0").start();
        NodeProcess b = node("b").bootstrap(a).start();
        awaitPeers(b, 1);
        assertThat(b.metrics().value("icn_network_connections_total")).isEqualTo(1);

        a.stop();
        await().atMost(10, TimeUnit.SECONDS).until(() -> b.metrics().value("icn_network_connections_active") == 0);
        a.start();

        await().atMost(30, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> b.metrics().value("icn_network_connections_active") == 1);
        Scrape after = b.metrics();
        assertThat(after.value("icn_network_connections_total")).isEqualTo(2);
        assertThat(after.value("icn_network_connection_duration_seconds_count")).isEqualTo(1);
        assertThat(b.peers()).extracting(p -> p.get("did")).containsExactly(a.did());

        // b dies without a goodbye and comes back on its port and data. a still holds the dead
        // connection, which keep-alive (every hour in these tests) would drop only after three;
        // b dials again, as it dialled the dead one, and a must take the new connection instead
        Object deadSince = a.peers().get(0).get("connectedSince");
        Scrape a0 = a.metrics();
        b.kill();
        b.start();

        await().atMost(8, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS).until(() -> {
            List<Map<String, Object>> peers = a.peers();
            return peers.size() == 1 && !deadSince.equals(peers.get(0).get("connectedSince"));
        });
        Scrape a1 = a.metrics();
        assertThat(delta(a0, a1, "icn_network_connections_total")).isEqualTo(1);
        assertThat(a1.value("icn_network_connections_active")).isEqualTo(1);
        assertThat(delta(a0, a1, "icn_network_connection_duration_seconds_count")).as("the dead one, timed").isEqualTo(1);
        assertThat(delta(a0, a1, "icn_network_errors_total", "type", "timeout")).isZero();
        assertThat(b.peers()).extracting(p -> p.get("did")).containsExactly(a.did());
        String hash = b.publish("net:restart", "from b's new run".getBytes(StandardCharsets.UTF_8));
        await().atMost(10, TimeUnit.SECONDS).until(() -> a.rpcGet("/v1/entries/" + hash).statusCode() == 200);
        assertThat(a.rpcGet("/v1/entries/" + hash).body()).isEqualTo("from b's new run");
    }

    @Test
    void nodesFindEachOtherByMdnsOnLoopback() {
        NodeProcess a = node("a").network("mdns", "true").start();
        NodeProcess b = node("b").network("mdns", "true").start();

        await().atMost(45, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> a.peers().size() == 1 && b.peers().size() == 1);
        assertThat(a.peers()).extracting(p -> p.get("did")).containsExactly(b.did());
        // each announces and browses: both come to know the other, whoever dialled first
        await().atMost(30, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS).until(() ->
                a.metrics().value("icn_network_peers_discovered") == 1 && b.metrics().value("icn_network_peers_discovered") == 1);
        // of the two, only the smaller DID dials: one connection, not two
        assertThat(a.metrics().value("icn_network_connections_total") + b.metrics().value("icn_network_connections_total"))
                .isEqualTo(2);
    }

    @Test
    void badDialRequestsAreRefusedWithJsonAndCounted() {
        NodeProcess a = node("a").start();
        Scrape before = a.metrics();

        HttpResponse<String> noAddress = a.post("/v1/peers", "{}");
        HttpResponse<String> badAddress = a.post("/v1/peers", "{\"address\":\"no-port\"}");
        HttpResponse<String> badDid = a.post("/v1/peers", "{\"address\":\"127.0.0.1:1\",\"did\":\"did:icn:zzz\"}");
        HttpResponse<String> notJson = a.post("/v1/peers", "{not json");
        HttpResponse<String> unknownPeer = a.post("/v1/peers/" + NodeIdentity.generate().did() + "/ping", "{}");

        for (HttpResponse<String> response : List.of(noAddress, badAddress, badDid, notJson)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(NodeProcess.json(response)).containsEntry("code", 400).containsKey("message");
        }
        assertThat(unknownPeer.statusCode()).isEqualTo(404);
        Scrape after = a.metrics();
        assertThat(delta(before, after, "icn_rpc_client_errors_total", "status", "400")).isEqualTo(4);
        assertThat(delta(before, after, "icn_rpc_client_errors_total", "status", "404")).isEqualTo(1);
    }
}
