package coop.icn.icnd.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.NodeProcess;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian package {@code prometheus}) for a live test: scraping nodes and
 * evaluating the given shipped rule files every second, on 127.0.0.1, with its storage in a
 * temporary directory; stopped by PID.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String url;

    private PrometheusServer(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts it and waits until every node is scraped; {@code alertmanager} is host:port, or null. */
    static PrometheusServer start(Path dir, List<NodeProcess> nodes, List<String> ruleFiles, String alertmanager)
            throws IOException {
        List<String> targets = new ArrayList<>();
        nodes.forEach(node -> targets.add("'" + node.adminAddress() + "'"));
        List<String> rules = new ArrayList<>();
        ruleFiles.forEach(file -> rules.add("'" + new File("dashboards", file).getAbsolutePath() + "'"));
        StringBuilder config = new StringBuilder()
                .append("global: {scrape_interval: 1s, evaluation_interval: 1s}\n")
                .append("rule_files: [").append(String.join(", ", rules)).append("]\n");
        if (alertmanager != null) {
            config.append("alerting: {alertmanagers: [{static_configs: [{targets: ['").append(alertmanager).append("']}]}]}\n");
        }
        config.append("scrape_configs:\n  - job_name: icnd\n    static_configs:\n      - targets: [")
                .append(String.join(", ", targets)).append("]\n");
        PrometheusServer server = startWith(dir, config.toString());
        await().atMost(60, TimeUnit.SECONDS).pollInterval(250, TimeUnit.MILLISECONDS).ignoreExceptions()
                .until(() -> server.query("up{job=\"icnd\"} == 1").size() == nodes.size());
        return server;
    }

    /** Starts it on a free port with this configuration, without waiting for anything; {@code flags} go on its command line. */
    public static PrometheusServer startWith(Path dir, String config, String... flags) throws IOException {
        int port = freePort();
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        List<String> command = new ArrayList<>(List.of("prometheus", "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port));
        command.addAll(List.of(flags));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            return new PrometheusServer(process, "http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new AssertionError("prometheus is not installed; it comes with the Debian package 'prometheus':"
                    + " apt-get install -y --no-install-recommends prometheus (scripts/test.sh does this)", e);
        }
    }

    /** The result of an instant query, which must succeed. */
    public JsonNode query(String promql) {
        JsonNode response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(response.path("status").asText()).as(promql + " -> " + response).isEqualTo("success");
        return response.path("data").path("result");
    }

    /** The {@code data} of an API answer, which must succeed ({@code path} with its query string). */
    public JsonNode data(String path) {
        JsonNode response = get(path);
        assertThat(response.path("status").asText()).as(path + " -> " + response).isEqualTo("success");
        return response.path("data");
    }

    /** A dashboard query as Grafana sends it for "all jobs, all instances". */
    static String asGrafanaSends(String query) {
        return query.replace("$__rate_interval", "15s").replace("$job", "icnd").replace("$instance", ".*");
    }

    /** The queries that return no series. */
    List<String> empty(List<String> queries) {
        return queries.stream().filter(query -> query(query).isEmpty()).toList();
    }

    /** Alerts pending or firing, as {@code /api/v1/alerts} lists them. */
    JsonNode alerts() {
        return get("/api/v1/alerts").path("data").path("alerts");
    }

    /** Alerts firing, as {@code alertname {labels}}. */
    List<String> firing() {
        List<String> firing = new ArrayList<>();
        alerts().forEach(alert -> {
            if ("firing".equals(alert.path("state").asText())) {
                firing.add(alert.path("labels").path("alertname").asText() + " " + alert.path("labels"));
            }
        });
        return firing;
    }

    /** The groups of rules with their last evaluation, as {@code /api/v1/rules} lists them. */
    JsonNode ruleGroups() {
        return get("/api/v1/rules").path("data").path("groups");
    }

    private JsonNode get(String path) {
        String body = NodeProcess.get(url + path).body();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM to its PID. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
