package coop.icn.icnd.net;

import com.fasterxml.jackson.databind.JsonNode;
import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.TestCluster;
import coop.icn.icnd.dashboards.PrometheusServer;
import coop.icn.icnd.obs.Scrape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The mesh heals itself, with real processes and mDNS off (nodes across the internet): a star
 * becomes a full mesh by peer exchange, survives its hub, a node restarted without bootstrap
 * peers finds the mesh from the peers it remembers, and Prometheus given one node's {@code /sd}
 * scrapes them all.
 */
class MeshIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    private static double perPeerSum(Scrape scrape, String family) {
        return scrape.family(family).orElseThrow().samples().stream().mapToDouble(Scrape.Sample::value).sum();
    }

    @Test
    void aStarBecomesAFullMeshThatSurvivesItsHubAndPrometheusFindsItFromOneNode() throws Exception {
        NodeProcess hub = cluster.node(dir, "hub").start();
        List<NodeProcess> leaves = List.of(cluster.node(dir, "b"), cluster.node(dir, "c"), cluster.node(dir, "d"));
        for (NodeProcess leaf : leaves) {
            leaf.bootstrap(hub).start();
        }
        List<NodeProcess> all = List.of(hub, leaves.get(0), leaves.get(1), leaves.get(2));
        await().atMost(30, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> all.stream().allMatch(node -> node.peers().size() == 3));
        for (NodeProcess node : all) {
            Set<String> others = all.stream().filter(n -> n != node).map(NodeProcess::did).collect(Collectors.toSet());
            assertThat(node.peerDids()).as(node.name()).isEqualTo(others);
            Scrape metrics = node.metrics();
            assertThat(metrics.value("icn_network_messages_received_by_type_total", "type", "peers")).isPositive();
            assertThat(metrics.value("icn_network_errors_total", "type", "full")).isZero();
            for (NodeProcess other : all) {
                if (other != node) {
                    assertThat(metrics.value("icn_network_peer_messages_received_total", "peer", other.did()))
                            .as(node.name() + " heard from " + other.name()).isPositive();
                }
            }
            // every byte and message is some peer's: the per-peer series add up to the totals
            await().atMost(10, TimeUnit.SECONDS).until(() -> {
                Scrape now = node.metrics();
                return perPeerSum(now, "icn_network_peer_bytes_sent_total") == now.value("icn_network_bytes_sent_total")
                        && perPeerSum(now, "icn_network_peer_messages_received_total")
                        == now.value("icn_network_messages_received_total");
            });
        }

        // Prometheus given only b's /sd finds and scrapes all four
        try (PrometheusServer prometheus = PrometheusServer.startWith(dir, String.join("\n",
                "global: {scrape_interval: 1s}",
                "scrape_configs:",
                "  - job_name: icnd",
                "    http_sd_configs:",
                "      - url: '" + leaves.get(0).adminUrl("/sd") + "'",
                "        refresh_interval: 1s",
                ""))) {
            await().atMost(60, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).ignoreExceptions()
                    .until(() -> prometheus.query("up{job=\"icnd\"} == 1").size() == 4);
            JsonNode up = prometheus.query("up{job=\"icnd\"}");
            Set<String> instances = Set.of(up.get(0).path("metric").path("instance").asText(),
                    up.get(1).path("metric").path("instance").asText(), up.get(2).path("metric").path("instance").asText(),
                    up.get(3).path("metric").path("instance").asText());
            assertThat(instances).isEqualTo(all.stream().map(NodeProcess::adminAddress)
                    .collect(Collectors.toSet()));
            Set<String> dids = Set.of(up.get(0).path("metric").path("icn_did").asText(),
                    up.get(1).path("metric").path("icn_did").asText(), up.get(2).path("metric").path("icn_did").asText(),
                    up.get(3).path("metric").path("icn_did").asText());
            assertThat(dids).isEqualTo(all.stream().map(NodeProcess::did).collect(Collectors.toSet()));
        }

        // the hub dies without a goodbye: the leaves still reach each other
        hub.kill();
        String hash = leaves.get(0).publish("mesh:chat", "after the hub".getBytes(StandardCharsets.UTF_8));
        for (NodeProcess leaf : leaves.subList(1, 3)) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> leaf.rpcGet("/v1/entries/" + hash).statusCode() == 200);
            assertThat(leaf.rpcGet("/v1/entries/" + hash).body()).isEqualTo("after the hub");
        }

        // d restarted with no bootstrap peers redials the peers it remembers
        NodeProcess d = leaves.get(2);
        d.stop();
        d.network("bootstrapPeers", "[]").start();
        await().atMost(30, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> d.peerDids().containsAll(Set.of(leaves.get(0).did(), leaves.get(1).did())));
        assertThat(d.metrics().value("icn_network_peers_discovered")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFullNodeRefusesTheNextPeerAndCountsIt() {
        NodeProcess small = cluster.node(dir, "small").network("maxPeers", "1").network("targetPeers", "1").start();
        NodeProcess first = cluster.node(dir, "first").bootstrap(small).start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> small.peers().size() == 1);
        NodeProcess second = cluster.node(dir, "second").network("dialBackoff", "5s").network("maxDialBackoff", "5s")
                .bootstrap(small).start();

        await().atMost(30, TimeUnit.SECONDS).until(() ->
                small.metrics().value("icn_network_errors_total", "type", "full") >= 1);
        assertThat(small.peerDids()).containsExactly(first.did());
        // the refused side saw the connection close before the hello it waited for
        await().atMost(30, TimeUnit.SECONDS).until(() ->
                second.metrics().value("icn_network_errors_total", "type", "handshake") >= 1);
        assertThat(second.peers()).extracting(p -> p.get("did")).doesNotContain(small.did());
    }
}
