package coop.icn.icnd.bench;

import coop.icn.icnd.NodeProcess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * Three nodes from the packaged jar on loopback, a–b and a–c: b and c bootstrap to a and keep to
 * it ({@code network.targetPeers: 1}, so what a tells them of each other is not dialled). b and c
 * replicate {@code bench:*} and the ledger's topics only, so a can first be measured alone on other
 * topics without b and c pulling them when they join.
 */
public final class BenchCluster implements AutoCloseable {
    private static final String REPLICATED = "[\"bench:*\", \"ledger:*\", \"ledger-meta:*\"]";
    private static final long HOLD_TIMEOUT_MINUTES = 5;

    private final Path dir;
    private final UnaryOperator<NodeProcess> configure;
    private final ProcessCpu cpu;
    private final List<NodeProcess> started = new ArrayList<>();
    private final NodeProcess a;
    private NodeProcess b;
    private NodeProcess c;

    /** Nodes in {@code dir}; {@code configure} adds settings (tracing) to each node before it starts. */
    public BenchCluster(Path dir, UnaryOperator<NodeProcess> configure, ProcessCpu cpu) {
        this.dir = dir;
        this.configure = configure;
        this.cpu = cpu;
        this.a = node("a");
    }

    /** Starts a, alone. */
    public void startPublisher() {
        start(a);
    }

    /** Starts b and c and waits for the two links through a, and no other. */
    public void startReplicas() {
        b = start(node("b").gossip("subscriptions", REPLICATED).network("targetPeers", "1").bootstrap(a));
        c = start(node("c").gossip("subscriptions", REPLICATED).network("targetPeers", "1").bootstrap(a));
        await().atMost(1, TimeUnit.MINUTES).pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> a.peers().size() == 2 && b.peers().size() == 1 && c.peers().size() == 1);
    }

    public NodeProcess a() {
        return a;
    }

    public NodeProcess b() {
        return b;
    }

    public NodeProcess c() {
        return c;
    }

    /** CPU used so far by each started node's JVM, in start order. */
    public List<ProcessCpu.Sample> cpuSamples() {
        return started.stream().map(node -> cpu.sample(node.pid())).toList();
    }

    /** Commits each started node has made so far ({@code icn_store_commit_duration_seconds_count}), in start order. */
    public long[] commits() {
        return started.stream().mapToLong(node -> (long) node.metrics().value("icn_store_commit_duration_seconds_count")).toArray();
    }

    /**
     * Polls b and c every 50 ms until both hold {@code count} entries of {@code topic}; answers
     * {@link System#nanoTime} when that was seen.
     */
    public long awaitHeld(String topic, long count) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(HOLD_TIMEOUT_MINUTES);
        while (true) {
            int onB = b.entries(topic);
            int onC = c.entries(topic);
            long now = System.nanoTime();
            if (onB >= count && onC >= count) {
                if (onB != count || onC != count || a.entries(topic) != count) {
                    throw new IllegalStateException(topic + ": " + count + " published, but a holds " + a.entries(topic)
                            + ", b " + onB + ", c " + onC);
                }
                return now;
            }
            if (now > deadline) {
                throw new IllegalStateException(topic + ": after " + HOLD_TIMEOUT_MINUTES + " minutes b holds " + onB
                        + " and c " + onC + " of " + count);
            }
            sleep(50);
        }
    }

    /** Polls every node's {@code icn_ledger_transactions_total} every 100 ms until each is {@code count}. */
    public long awaitApplied(double count) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(HOLD_TIMEOUT_MINUTES);
        while (true) {
            boolean all = true;
            StringBuilder seen = new StringBuilder();
            for (NodeProcess node : started) {
                double applied = node.metrics().value("icn_ledger_transactions_total");
                all &= applied >= count;
                seen.append(' ').append(node.name()).append(' ').append((long) applied);
            }
            long now = System.nanoTime();
            if (all) {
                return now;
            }
            if (now > deadline) {
                throw new IllegalStateException("after " + HOLD_TIMEOUT_MINUTES + " minutes, of " + (long) count
                        + " transfers applied:" + seen);
            }
            sleep(100);
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).stop();
        }
    }

    private NodeProcess node(String name) {
        // keep-alive as deployed (NodeProcess turns it off for tests); retention past any round's count
        return configure.apply(new NodeProcess(dir, name).network("keepAliveInterval", "10s")
                .gossip("antiEntropyInterval", "30s").gossip("maxEntriesPerTopic", "1000000"));
    }

    private NodeProcess start(NodeProcess node) {
        started.add(node);
        return node.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
