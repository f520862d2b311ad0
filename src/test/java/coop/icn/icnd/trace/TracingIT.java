package coop.icn.icnd.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.TestCluster;
import coop.icn.icnd.dashboards.PrometheusServer;
import coop.icn.icnd.obs.MetricCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces proven against a real Zipkin (3.6.1, its exec jar copied to target/zipkin by the build):
 * three nodes in a line at ratio 1.0, one entry published on A is one trace holding spans of all
 * three nodes with the right parents across them; every span emitted is in the README's span
 * table with its kind and attributes, and every row of the table is emitted; a node with tracing
 * off sends nothing. A real Prometheus with exemplar storage scrapes C in the OpenMetrics format
 * and answers an exemplar of C's propagation histogram whose trace Zipkin holds.
 */
class TracingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ZIPKIN_JAR = Path.of("target", "zipkin", "zipkin-server.jar").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    /** A Zipkin server with in-memory storage on a free port of 127.0.0.1, stopped by PID. */
    private record Zipkin(Process process, String url) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        JsonNode get(String path) throws IOException {
            return JSON.readTree(NodeProcess.get(url + path).body());
        }
    }

    private Zipkin zipkin() throws IOException {
        assertThat(ZIPKIN_JAR).as("the build copies Zipkin's exec jar there (maven-dependency-plugin, pre-integration-test)")
                .exists();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", ZIPKIN_JAR.toString(), "--armeria.ports[0].ip=127.0.0.1",
                "--armeria.ports[0].port=" + port, "--armeria.ports[0].protocols[0]=http")
                .redirectErrorStream(true).redirectOutput(dir.resolve("zipkin.log").toFile());
        builder.environment().put("STORAGE_TYPE", "mem");
        Zipkin zipkin = cluster.closeAfter(new Zipkin(builder.start(), "http://127.0.0.1:" + port));
        await().atMost(90, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).ignoreExceptions()
                .until(() -> NodeProcess.get(zipkin.url() + "/health").statusCode() == 200);
        return zipkin;
    }

    private NodeProcess traced(String name, Zipkin zipkin, boolean enabled) {
        return cluster.node(dir, name).tracing("enabled", String.valueOf(enabled)).tracing("exporter", "zipkin")
                .tracing("endpoint", zipkin.url() + "/api/v2/spans").tracing("samplingRatio", "1.0")
                .gossip("antiEntropyInterval", "1s");
    }

    /** The README's span table: name (lower case, as Zipkin keeps it) to kind and attributes; "route" for RPC spans. */
    private static Map<String, Row> spanTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("<!-- spans:begin -->"), readme.indexOf("<!-- spans:end -->"));
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : table.lines().filter(l -> l.startsWith("| `")).toList()) {
            String[] cells = line.split("\\|");
            String name = cells[1].trim();
            String key = name.startsWith("`<METHOD>") ? "route" : name.replace("`", "");
            Set<String> attributes = new TreeSet<>();
            for (String attribute : cells[4].split(",")) {
                if (!attribute.isBlank()) {
                    attributes.add(attribute.trim().replace("`", ""));
                }
            }
            rows.put(key, new Row(cells[2].trim(), attributes));
        }
        return rows;
    }

    private record Row(String kind, Set<String> attributes) {
    }

    private static String keyOf(JsonNode span) {
        String name = span.path("name").asText();
        return name.matches("(get|post|put|delete) /.*") ? "route" : name;
    }

    @Test
    void anEntryIsOneTraceAcrossThreeNodesAndEverySpanIsDocumented() throws Exception {
        Zipkin zipkin = zipkin();
        NodeProcess a = traced("a", zipkin, true).network("targetPeers", "1").start();
        NodeProcess b = traced("b", zipkin, true).bootstrap(a).start();
        NodeProcess c = traced("c", zipkin, true).network("targetPeers", "1").bootstrap(b).start();
        NodeProcess off = traced("off", zipkin, false).network("targetPeers", "1").bootstrap(c).start();
        // b may also dial "off", which c tells it of: the line a-b-c is what the trace needs
        await().atMost(30, TimeUnit.SECONDS).until(() -> b.peerDids().containsAll(List.of(a.did(), c.did()))
                && c.peerDids().containsAll(List.of(b.did(), off.did())));

        // the caller's own trace: the RPC span continues it, and everything after descends from it
        byte[] id = new byte[16];
        new Random().nextBytes(id);
        String traceId = HexFormat.of().formatHex(id);
        HttpResponse<String> published = HTTP.send(HttpRequest.newBuilder(URI.create(a.rpcUrl("/v1/topics/trace:demo/entries")))
                .header("Authorization", a.authorization())
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString("traced")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        String hash = (String) NodeProcess.json(published).get("hash");
        await().atMost(30, TimeUnit.SECONDS).until(() -> off.rpcGet("/v1/entries/" + hash).statusCode() == 200);
        // ledger and anti-entropy spans for the table check
        assertThat(a.post("/v1/ledger/currencies", "{\"symbol\":\"HOUR\",\"decimals\":0,\"creditLimit\":10}").statusCode())
                .isEqualTo(201);
        await().atMost(30, TimeUnit.SECONDS).until(() -> b.rpcGet("/v1/ledger/currencies").body().contains("HOUR"));
        assertThat(b.post("/v1/ledger/transfers", "{\"to\":\"" + a.did() + "\",\"currency\":\"HOUR\",\"amount\":2}")
                .statusCode()).isEqualTo(201);

        Map<String, String> nodeOf = Map.of(a.did(), "a", b.did(), "b", c.did(), "c");
        // every span asserted below, as name@node: each node exports in its own batches, so the
        // trace is complete only once all of them have arrived (the RPC span, ended after its
        // response, once came after the others under load)
        Set<String> expected = Set.of("post /v1/topics/{topic}/entries@a", "gossip.publish@a", "gossip.sign@a",
                "gossip.verify@b", "gossip.store@b", "gossip.forward@b", "gossip.verify@c", "gossip.store@c");
        List<JsonNode> trace = new ArrayList<>();
        try {
            await().atMost(60, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).ignoreExceptions().until(() -> {
                trace.clear();
                zipkin.get("/api/v2/trace/" + traceId).forEach(trace::add);
                return trace.stream().map(span -> span.path("name").asText() + "@" + nodeOf.get(did(span)))
                        .collect(Collectors.toSet()).containsAll(expected);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("trace " + traceId + " holds only " + trace.stream()
                    .map(span -> span.path("name").asText() + "@" + nodeOf.get(did(span))).toList(), e);
        }
        assertThat(trace).allSatisfy(span -> assertThat(span.path("traceId").asText()).isEqualTo(traceId));
        assertThat(trace.stream().map(TracingIT::did).collect(Collectors.toSet()))
                .as("spans of all three nodes, none of the untraced one").isEqualTo(Set.of(a.did(), b.did(), c.did()));
        Map<String, JsonNode> byId = new HashMap<>();
        trace.forEach(span -> byId.put(span.path("id").asText(), span));
        JsonNode rpc = only(trace, "post /v1/topics/{topic}/entries", a);
        assertThat(rpc.path("parentId").asText()).as("the caller's span").isEqualTo("00f067aa0ba902b7");
        JsonNode publish = only(trace, "gossip.publish", a);
        assertThat(publish.path("parentId").asText()).isEqualTo(rpc.path("id").asText());
        assertThat(only(trace, "gossip.sign", a).path("parentId").asText()).isEqualTo(publish.path("id").asText());
        JsonNode verifyB = only(trace, "gossip.verify", b);
        assertThat(verifyB.path("parentId").asText()).as("B continues A's context").isEqualTo(publish.path("id").asText());
        JsonNode storeB = only(trace, "gossip.store", b);
        assertThat(storeB.path("parentId").asText()).isEqualTo(verifyB.path("id").asText());
        JsonNode forwardB = only(trace, "gossip.forward", b);
        assertThat(forwardB.path("parentId").asText()).isEqualTo(storeB.path("id").asText());
        JsonNode verifyC = only(trace, "gossip.verify", c);
        assertThat(verifyC.path("parentId").asText()).as("C continues B's forward").isEqualTo(forwardB.path("id").asText());
        assertThat(verifyC.path("tags").path("icn.entry.hash").asText()).isEqualTo(hash);
        assertThat(only(trace, "gossip.store", c).path("parentId").asText()).isEqualTo(verifyC.path("id").asText());

        assertExemplarLinksToATraceZipkinKnows(c, zipkin);

        // every span emitted anywhere is documented, and every documented span is emitted
        Map<String, Row> table = spanTable();
        Set<String> seen = new TreeSet<>();
        await().atMost(30, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).ignoreExceptions().until(() -> {
            seen.clear();
            for (JsonNode one : zipkin.get("/api/v2/traces?serviceName=icnd&limit=10000&lookback=3600000")) {
                for (JsonNode span : one) {
                    assertThat(did(span)).as("a node with tracing off sends nothing").isNotEqualTo(off.did());
                    String key = keyOf(span);
                    seen.add(key);
                    Row row = table.get(key);
                    assertThat(row).as("span " + span.path("name").asText() + " is in the README's span table").isNotNull();
                    String kind = span.path("kind").asText("INTERNAL");
                    assertThat(kind).as(key).isEqualTo(row.kind());
                    Set<String> tags = new TreeSet<>();
                    span.path("tags").fieldNames().forEachRemaining(tags::add);
                    assertThat(tags).as(key + " tags").contains("icn.node.did").containsAll(row.attributes());
                }
            }
            return seen.containsAll(table.keySet());
        });
        assertThat(seen).containsAll(table.keySet());
    }

    /** Prometheus (Debian package, exemplar storage on) scrapes C; an exemplar of its propagation buckets is a trace of C's. */
    private void assertExemplarLinksToATraceZipkinKnows(NodeProcess c, Zipkin zipkin) throws Exception {
        Path storage = Files.createDirectories(dir.resolve("prometheus"));
        String target = c.adminAddress();
        PrometheusServer prometheus = cluster.closeAfter(PrometheusServer.startWith(storage, String.join("\n",
                "global: {scrape_interval: 1s}",
                "scrape_configs:",
                "  - job_name: icnd",
                "    static_configs: [{targets: ['" + target + "']}]",
                ""), "--enable-feature=exemplar-storage"));
        long now = System.currentTimeMillis() / 1000;
        String exemplars = "/api/v1/query_exemplars?query=" + URLEncoder.encode(
                MetricCatalogue.GOSSIP_PROPAGATION.metricName() + "_bucket", StandardCharsets.UTF_8)
                + "&start=" + (now - 3600) + "&end=" + (now + 3600);
        await().atMost(60, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).ignoreExceptions()
                .until(() -> prometheus.data(exemplars).size() > 0);

        JsonNode series = prometheus.data(exemplars).get(0);
        assertThat(series.path("seriesLabels").path("instance").asText()).isEqualTo(target);
        JsonNode exemplar = series.path("exemplars").get(0);
        String exemplarTrace = exemplar.path("labels").path("trace_id").asText();
        assertThat(exemplarTrace).matches("[0-9a-f]{32}");
        assertThat(exemplar.path("labels").path("span_id").asText()).matches("[0-9a-f]{16}");
        // Zipkin holds that trace, and in it the very span that observed the propagation: C's gossip.store
        await().atMost(30, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).ignoreExceptions().until(() -> {
            List<JsonNode> spans = new ArrayList<>();
            zipkin.get("/api/v2/trace/" + exemplarTrace).forEach(spans::add);
            return spans.stream().anyMatch(span -> span.path("id").asText().equals(exemplar.path("labels").path("span_id").asText())
                    && span.path("name").asText().equals("gossip.store") && did(span).equals(c.did()));
        });
        // Prometheus's OpenMetrics parser took the whole scrape: a partial or invalid one fails the target, on every
        // scrape; one scrape over the 1 s timeout on a busy machine fails only that one, so this waits for a good one
        await().atMost(30, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).untilAsserted(() -> {
            JsonNode scraped = prometheus.data("/api/v1/targets").path("activeTargets").get(0);
            assertThat(scraped.path("lastError").asText()).as("the last scrape's error").isEmpty();
            assertThat(scraped.path("health").asText()).isEqualTo("up");
        });
    }

    private static String did(JsonNode span) {
        return span.path("tags").path("icn.node.did").asText();
    }

    private static List<JsonNode> spans(List<JsonNode> trace, String name) {
        return trace.stream().filter(s -> s.path("name").asText().equals(name.toLowerCase(Locale.ROOT))).toList();
    }

    private static JsonNode only(List<JsonNode> trace, String name, NodeProcess node) {
        List<JsonNode> found = spans(trace, name).stream().filter(s -> did(s).equals(node.did())).toList();
        assertThat(found).as(name + " on " + node.name()).hasSize(1);
        return found.get(0);
    }
}
