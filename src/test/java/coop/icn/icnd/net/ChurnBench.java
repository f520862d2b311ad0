package coop.icn.icnd.net;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.obs.Scrape;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Churn through real nodes: six JVMs from the packaged jar, all bootstrapped to the first only
 * (peer exchange makes the mesh), mDNS off. Every {@code period} one node other than the first
 * is killed (SIGKILL) and restarted, for {@code duration}, while entries are published on live
 * nodes throughout. Reports the time from the last restart until every node holds every
 * entry, the most connections any node had, and each node's heap before and after. Run after
 * {@code mvn package}: {@code scripts/churn-bench.sh [seconds] [period]}.
 */
public final class ChurnBench {
    private static final String TOPIC = "bench:churn";

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 180;
        long period = args.length > 1 ? Long.parseLong(args[1]) : 20;
        Path dir = Files.createTempDirectory("icnd-churn-bench-");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            // keep-alive as deployed (NodeProcess turns it off): it is how survivors learn that a killed
            // node is gone, and until they do they refuse its new connection as a duplicate
            NodeProcess first = new NodeProcess(dir, "n0").gossip("antiEntropyInterval", "5s")
                    .network("keepAliveInterval", "10s");
            nodes.add(first.start());
            for (int i = 1; i < 6; i++) {
                nodes.add(new NodeProcess(dir, "n" + i).gossip("antiEntropyInterval", "5s")
                        .network("keepAliveInterval", "10s").bootstrap(first).start());
            }
            await().atMost(1, TimeUnit.MINUTES).until(() -> nodes.stream().allMatch(n -> n.peers().size() == 5));
            double[] heapBefore = nodes.stream().mapToDouble(ChurnBench::heap).toArray();
            int[] maxConnections = new int[nodes.size()];
            Set<String> published = new HashSet<>();
            Random random = new Random(42);
            long start = System.nanoTime();
            long nextKill = start + TimeUnit.SECONDS.toNanos(period);
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            int restarts = 0;
            long lastRestart = start;
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextKill) {
                    NodeProcess victim = nodes.get(1 + random.nextInt(nodes.size() - 1));
                    victim.kill();
                    victim.start();
                    lastRestart = System.nanoTime();
                    restarts++;
                    nextKill += TimeUnit.SECONDS.toNanos(period);
                }
                for (int i = 0; i < nodes.size(); i++) {
                    NodeProcess node = nodes.get(i);
                    try {
                        published.add(node.publish(TOPIC, ("churn " + published.size() + " at " + System.nanoTime())
                                .getBytes(StandardCharsets.UTF_8)));
                        maxConnections[i] = Math.max(maxConnections[i],
                                (int) node.metrics().value("icn_network_connections_active"));
                    } catch (RuntimeException | AssertionError down) {
                        // a node being restarted: publish on the others
                    }
                }
                Thread.sleep(100);
            }
            int total = published.size();
            await().atMost(10, TimeUnit.MINUTES).pollInterval(200, TimeUnit.MILLISECONDS)
                    .until(() -> nodes.stream().allMatch(n -> n.entries(TOPIC) == total));
            double settle = (System.nanoTime() - lastRestart) / 1e9;
            System.out.printf("churn: %d nodes, %d restarts in %d s, %d entries published%n",
                    nodes.size(), restarts, seconds, total);
            System.out.printf("all nodes hold every entry %.1f s after the last restart%n", settle);
            for (int i = 0; i < nodes.size(); i++) {
                System.out.printf("%s: max connections %d, heap %.1f MiB before, %.1f MiB after%n", nodes.get(i).name(),
                        maxConnections[i], heapBefore[i] / (1 << 20), heap(nodes.get(i)) / (1 << 20));
            }
        } finally {
            nodes.forEach(NodeProcess::stop);
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double heap(NodeProcess node) {
        Scrape scrape = node.metrics();
        return scrape.value("jvm_memory_bytes_used", "area", "heap");
    }
}
