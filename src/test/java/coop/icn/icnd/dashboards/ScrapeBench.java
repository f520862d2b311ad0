package coop.icn.icnd.dashboards;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.obs.Scrape;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Scrape cost of {@code /metrics} on a node carrying 1,000 labelled topic series, next to Jetty
 * serving a static body of the same size in the same run: p50 and p99 over 200 scrapes each,
 * allocation per scrape (from the node's own allocation counter, idle allocation subtracted),
 * and p99 again while the node is under gossip load. icnd exports no per-peer series (their
 * cardinality is unbounded), so the topic series carry the labelled load.
 * Run after {@code mvn package}: {@code scripts/scrape-bench.sh}.
 */
public final class ScrapeBench {
    private static final int SCRAPES = 200;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("icnd-scrape-bench-");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        NodeProcess node = new NodeProcess(dir, "a").observability("maxLabelValues", "2000");
        Server jetty = null;
        try {
            node.start();
            publish(http, node, 1000, true, new AtomicBoolean(true));
            byte[] body = http.send(HttpRequest.newBuilder(URI.create(node.adminUrl("/metrics"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            Scrape scrape = Scrape.parse(new String(body));
            System.out.printf("scrape: %d bytes, %d families, %d topic series%n", body.length, scrape.families().size(),
                    scrape.family("icn_gossip_topic_entries").orElseThrow().samples().size());

            jetty = new Server(0);
            jetty.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    response.getHeaders().put("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                    response.write(true, ByteBuffer.wrap(body), callback);
                    return true;
                }
            });
            jetty.start();
            String staticUrl = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/static";

            for (int warm = 0; warm < 50; warm++) {
                get(http, node.adminUrl("/metrics"));
                get(http, staticUrl);
            }
            long idleStart = System.nanoTime();
            double idleAllocBefore = allocated(node);
            Thread.sleep(2_000);
            double idleAllocPerSecond = (allocated(node) - idleAllocBefore) / ((System.nanoTime() - idleStart) / 1e9);

            long[] metricsNanos = new long[SCRAPES];
            long[] staticNanos = new long[SCRAPES];
            double allocBefore = allocated(node);
            long start = System.nanoTime();
            for (int i = 0; i < SCRAPES; i++) {
                metricsNanos[i] = get(http, node.adminUrl("/metrics"));
                staticNanos[i] = get(http, staticUrl);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double perScrape = (allocated(node) - allocBefore - idleAllocPerSecond * seconds) / SCRAPES;
            System.out.printf("idle: /metrics p50 %.2f ms p99 %.2f ms | static body p50 %.2f ms p99 %.2f ms | ratio p50 %.1f, p99 %.1f%n",
                    ms(metricsNanos, 50), ms(metricsNanos, 99), ms(staticNanos, 50), ms(staticNanos, 99),
                    ms(metricsNanos, 50) / ms(staticNanos, 50), ms(metricsNanos, 99) / ms(staticNanos, 99));
            System.out.printf("allocated per scrape on the node: %.0f KiB%n", perScrape / 1024);

            AtomicBoolean loading = new AtomicBoolean(true);
            Thread load = new Thread(() -> publish(http, node, Integer.MAX_VALUE, false, loading));
            load.start();
            Thread.sleep(1_000);
            long[] loaded = new long[SCRAPES];
            for (int i = 0; i < SCRAPES; i++) {
                loaded[i] = get(http, node.adminUrl("/metrics"));
            }
            loading.set(false);
            load.join();
            System.out.printf("under gossip load: /metrics p50 %.2f ms p99 %.2f ms; p99 loaded / idle = %.2f%n",
                    ms(loaded, 50), ms(loaded, 99), ms(loaded, 99) / ms(metricsNanos, 99));
        } finally {
            if (jetty != null) {
                jetty.stop();
            }
            node.stop();
        }
    }

    private static double allocated(NodeProcess node) {
        return node.metrics().families().get("jvm_memory_pool_allocated_bytes_total").samples().stream()
                .mapToDouble(Scrape.Sample::value).sum();
    }

    private static long get(HttpClient http, String url) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return System.nanoTime() - start;
    }

    private static double ms(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
    }

    /** One entry per topic across {@code count} topics, or, for load, entries until told to stop. */
    private static void publish(HttpClient http, NodeProcess node, int count, boolean topicEach, AtomicBoolean go) {
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < count && go.get(); i++) {
            inFlight.acquireUninterruptibly();
            String topic = topicEach ? "bench:t" + i : "bench:load";
            sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(node.rpcUrl("/v1/topics/" + topic + "/entries")))
                            .header("Authorization", node.authorization())
                            .POST(HttpRequest.BodyPublishers.ofString("payload " + i + " " + System.nanoTime())).build(),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }
}
