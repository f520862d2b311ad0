package coop.icn.icnd.gossip;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.obs.Scrape;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Replication through real nodes: three JVMs from the packaged jar, all connected (A, B, C),
 * 10,000 entries of 256 bytes published on A over RPC with 16 requests in flight. Reports the
 * publish rate, the rate at which B and C store them, the time until all three hold all, the
 * network messages per delivered entry, and the duplicates received. Run after {@code mvn
 * package}: {@code scripts/gossip-bench.sh}; compare with {@code scripts/network-bench.sh}.
 */
public final class GossipReplicationBench {
    private static final String TOPIC = "bench:replication";
    /** A second topic for the catch-up phase, so that retention (10,000 per topic) keeps both whole. */
    private static final String CATCH_UP = "bench:catchup";

    public static void main(String[] args) throws Exception {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("icnd-gossip-bench-");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            NodeProcess a = start(nodes, new NodeProcess(dir, "a"));
            NodeProcess b = start(nodes, new NodeProcess(dir, "b").bootstrap(a));
            NodeProcess c = start(nodes, new NodeProcess(dir, "c").bootstrap(a, b));
            await().atMost(1, TimeUnit.MINUTES).until(() -> a.peers().size() == 2 && b.peers().size() == 2
                    && c.peers().size() == 2);
            List<Scrape> before = nodes.stream().map(NodeProcess::metrics).toList();

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long start = System.nanoTime();
            publish(a, TOPIC, entries, http);
            long published = System.nanoTime();
            long[] done = new long[2];
            await().atMost(10, TimeUnit.MINUTES).pollInterval(20, TimeUnit.MILLISECONDS).until(() -> {
                NodeProcess[] receivers = {b, c};
                for (int i = 0; i < 2; i++) {
                    if (done[i] == 0 && receivers[i].entries(TOPIC) == entries) {
                        done[i] = System.nanoTime();
                    }
                }
                return done[0] != 0 && done[1] != 0;
            });
            long bDone = done[0];
            long cDone = done[1];
            List<Scrape> after = nodes.stream().map(NodeProcess::metrics).toList();
            double messages = 0;
            double duplicates = 0;
            for (int i = 0; i < nodes.size(); i++) {
                messages += after.get(i).value("icn_network_messages_sent_total") - before.get(i).value("icn_network_messages_sent_total");
                duplicates += after.get(i).value("icn_gossip_duplicates_total") - before.get(i).value("icn_gossip_duplicates_total");
            }
            double publishSeconds = (published - start) / 1e9;
            System.out.printf("published %d entries on A in %.2f s (%.0f entries/s over RPC)%n", entries, publishSeconds,
                    entries / publishSeconds);
            System.out.printf("B held all after %.2f s (%.0f entries/s replicated A->B); C after %.2f s%n",
                    (bDone - start) / 1e9, entries / ((bDone - start) / 1e9), (cDone - start) / 1e9);
            System.out.printf("all three nodes held all %d entries %.2f s after the first publish%n", entries,
                    (Math.max(bDone, cDone) - start) / 1e9);
            System.out.printf("network messages per delivered entry: %.2f (%d deliveries); duplicates received: %.0f%n",
                    messages / (2.0 * entries), 2 * entries, duplicates);

            // the RPC bounds the rate above; replication alone: C, stopped, catches up by pulling
            c.stop();
            publish(a, CATCH_UP, entries, http);
            await().atMost(10, TimeUnit.MINUTES).until(() -> b.entries(CATCH_UP) == entries);
            long restart = System.nanoTime();
            c.start();
            long started = System.nanoTime();
            await().atMost(10, TimeUnit.MINUTES).pollInterval(20, TimeUnit.MILLISECONDS)
                    .until(() -> c.entries(CATCH_UP) == entries);
            long caughtUp = System.nanoTime();
            System.out.printf("C restarted %.2f s, then pulled %d entries in %.2f s (%.0f entries/s replicated by anti-entropy)%n",
                    (started - restart) / 1e9, entries, (caughtUp - started) / 1e9, entries / ((caughtUp - started) / 1e9));
        } finally {
            nodes.forEach(NodeProcess::stop);
        }
    }

    /** Publishes {@code count} distinct entries of 256 bytes to {@code topic}, 16 requests in flight. */
    private static void publish(NodeProcess node, String topic, int count, HttpClient http) throws InterruptedException {
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<HttpResponse<Void>>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[256];
            payload[0] = (byte) i;
            payload[1] = (byte) (i >> 8);
            payload[2] = (byte) (i >> 16);
            inFlight.acquire();
            sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(node.rpcUrl("/v1/topics/" + topic + "/entries")))
                            .header("Authorization", node.authorization())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        if (sent.stream().anyMatch(f -> f.join().statusCode() != 201)) {
            throw new IllegalStateException("a publish failed");
        }
    }

    private static NodeProcess start(List<NodeProcess> nodes, NodeProcess node) {
        nodes.add(node);
        return node.network("keepAliveInterval", "10s").start();
    }
}
