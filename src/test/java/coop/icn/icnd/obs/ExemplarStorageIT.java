package coop.icn.icnd.obs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.IcndConfiguration;
import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.TestNodes;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.opentelemetry.api.trace.SpanContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The exemplar reaches a real Prometheus (Debian package {@code prometheus}, with
 * {@code --enable-feature=exemplar-storage}): it scrapes a node in this JVM, negotiates the
 * OpenMetrics format, parses it with its own parser, and returns the span's trace id from
 * {@code /api/v1/query_exemplars}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ExemplarStorageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final DropwizardAppExtension<IcndConfiguration> APP = TestNodes.node(TestNodes.tempDataDir());

    @TempDir
    Path dir;

    @Test
    void prometheusStoresTheExemplarAndAnswersWithItsTraceId() throws Exception {
        BucketHistogram propagation = (BucketHistogram) APP.getEnvironment().metrics().getGauges()
                .get(MetricCatalogue.GOSSIP_PROPAGATION.metricName());
        SpanContext span;
        try (TestTracer tracer = TestTracer.sampling()) {
            // the node's own spans come with issue 12's tracing; this span stands in for one
            span = tracer.inSpan("receive", () -> propagation.observe(0.042));
        }
        String target = "127.0.0.1:" + APP.getAdminPort();

        try (Prometheus prometheus = Prometheus.start(dir, String.join("\n",
                "global: {scrape_interval: 1s}",
                "scrape_configs:",
                "  - job_name: icnd",
                "    static_configs: [{targets: ['" + target + "']}]",
                ""))) {
            String exemplars = "/api/v1/query_exemplars?query="
                    + URLEncoder.encode(MetricCatalogue.GOSSIP_PROPAGATION.metricName() + "_bucket", StandardCharsets.UTF_8)
                    + "&start=" + (System.currentTimeMillis() / 1000 - 3600) + "&end=" + (System.currentTimeMillis() / 1000 + 3600);
            await().atMost(60, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).ignoreExceptions()
                    .until(() -> prometheus.data(exemplars).size() > 0);

            JsonNode series = prometheus.data(exemplars);
            assertThat(series).hasSize(1);
            assertThat(series.get(0).path("seriesLabels").path("le").asText()).isEqualTo("0.05");
            assertThat(series.get(0).path("seriesLabels").path("instance").asText()).isEqualTo(target);
            JsonNode exemplar = series.get(0).path("exemplars").get(0);
            assertThat(exemplar.path("labels").path("trace_id").asText()).isEqualTo(span.getTraceId());
            assertThat(exemplar.path("labels").path("span_id").asText()).isEqualTo(span.getSpanId());
            assertThat(exemplar.path("value").asText()).isEqualTo("0.042");

            // Prometheus's OpenMetrics parser took the whole scrape: a partial or invalid one fails the target
            JsonNode scraped = prometheus.data("/api/v1/targets").path("activeTargets").get(0);
            assertThat(scraped.path("health").asText()).isEqualTo("up");
            assertThat(scraped.path("lastError").asText()).isEmpty();
        }
    }

    /** A real Prometheus on a free port of 127.0.0.1 with exemplar storage, stopped by PID. */
    private static final class Prometheus implements AutoCloseable {
        private final Process process;
        private final String url;

        private Prometheus(Process process, String url) {
            this.process = process;
            this.url = url;
        }

        static Prometheus start(Path dir, String config) throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path file = dir.resolve("prometheus.yml");
            Files.writeString(file, config);
            try {
                return new Prometheus(new ProcessBuilder("prometheus", "--config.file=" + file,
                        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port,
                        "--enable-feature=exemplar-storage")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start(),
                        "http://127.0.0.1:" + port);
            } catch (IOException e) {
                throw new AssertionError("prometheus is not installed; it comes with the Debian package 'prometheus':"
                        + " apt-get install -y --no-install-recommends prometheus (scripts/test.sh does this)", e);
            }
        }

        /** The {@code data} of a successful API answer. */
        JsonNode data(String path) throws IOException {
            String body = NodeProcess.get(url + path).body();
            JsonNode response = JSON.readTree(body);
            assertThat(response.path("status").asText()).as(path + " -> " + body).isEqualTo("success");
            return response.path("data");
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
