package coop.icn.icnd.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.NodeProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
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
 * The operator's view, proven live: three real nodes, a real Prometheus (Debian package
 * {@code prometheus}) scraping them every second with the shipped alert rules, and every query
 * of the shipped dashboard evaluated through Prometheus's HTTP API.
 */
class PrometheusAcceptanceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private Process prometheus;

    @AfterEach
    void stopAll() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(20, TimeUnit.SECONDS);
        }
        nodes.forEach(NodeProcess::stop);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String prometheusUrl;

    private JsonNode query(String promql) {
        String body = NodeProcess.get(prometheusUrl + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body();
        try {
            JsonNode response = JSON.readTree(body);
            assertThat(response.path("status").asText()).as(promql + " -> " + body).isEqualTo("success");
            return response.path("data").path("result");
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    /** A dashboard query as Grafana would send it for "all jobs, all instances". */
    private static String substitute(String query) {
        return query.replace("$__rate_interval", "15s").replace("$job", "icnd").replace("$instance", ".*");
    }

    @Test
    void everyDashboardQueryAnswersAndTheAlertsTellTheTruth() throws Exception {
        NodeProcess a = new NodeProcess(dir, "a");
        NodeProcess b = new NodeProcess(dir, "b").bootstrap(a);
        NodeProcess c = new NodeProcess(dir, "c").bootstrap(a, b);
        nodes.addAll(List.of(a, b, c));
        a.network("keepAliveInterval", "1s").start();
        b.network("keepAliveInterval", "1s").start();
        c.network("keepAliveInterval", "1s").start();

        int port = freePort();
        prometheusUrl = "http://127.0.0.1:" + port;
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global: {scrape_interval: 1s, evaluation_interval: 1s}",
                "rule_files: ['" + new File("dashboards/icnd-alerts.yml").getAbsolutePath() + "']",
                "scrape_configs:",
                "  - job_name: icnd",
                "    static_configs:",
                "      - targets: ['" + a.adminUrl("").substring(7) + "', '" + b.adminUrl("").substring(7) + "', '"
                        + c.adminUrl("").substring(7) + "']",
                ""));
        try {
            prometheus = new ProcessBuilder("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("prometheus is not installed; it comes with the Debian package 'prometheus':"
                    + " apt-get install -y --no-install-recommends prometheus (.ci/run does this)", e);
        }
        await().atMost(60, TimeUnit.SECONDS).pollInterval(250, TimeUnit.MILLISECONDS).ignoreExceptions()
                .until(() -> query("up{job=\"icnd\"} == 1").size() == 3);

        // load: entries, a currency and transfers, pings, and one bad request
        await().atMost(30, TimeUnit.SECONDS).until(() -> a.peers().size() == 2 && c.peers().size() == 2);
        assertThat(a.post("/v1/ledger/currencies", "{\"symbol\":\"HOUR\",\"decimals\":0,\"creditLimit\":100}").statusCode())
                .isEqualTo(201);
        await().atMost(20, TimeUnit.SECONDS).until(() -> c.rpcGet("/v1/ledger/currencies").body().contains("HOUR"));
        for (int i = 0; i < 20; i++) {
            a.publish("acceptance:chat", ("entry " + i).getBytes(StandardCharsets.UTF_8));
            NodeProcess from = nodes.get(i % 3);
            NodeProcess to = nodes.get((i + 1) % 3);
            assertThat(from.post("/v1/ledger/transfers", "{\"to\":\"" + to.did() + "\",\"currency\":\"HOUR\",\"amount\":3}")
                    .statusCode()).isEqualTo(201);
        }
        assertThat(a.post("/v1/ledger/transfers", "{\"to\":\"not a did\",\"currency\":\"HOUR\",\"amount\":1}").statusCode())
                .isEqualTo(400);
        await().atMost(20, TimeUnit.SECONDS).until(() -> c.entries("acceptance:chat") == 20);
        // rates need two scrapes inside the substituted interval: wait for them, not for a fixed time
        List<String> dashboardQueries = DashboardLintTest.queries(DashboardLintTest.OVERVIEW);
        await().atMost(30, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS)
                .until(() -> emptyQueries(dashboardQueries).isEmpty());
        assertThat(emptyQueries(dashboardQueries)).as("dashboard queries with no series").isEmpty();

        JsonNode alerts = JSON.readTree(NodeProcess.get(prometheusUrl + "/api/v1/alerts").body()).path("data").path("alerts");
        List<String> firing = new ArrayList<>();
        alerts.forEach(alert -> {
            if ("firing".equals(alert.path("state").asText())) {
                firing.add(alert.path("labels").path("alertname").asText() + " " + alert.path("labels"));
            }
        });
        assertThat(firing).as("alerts firing on a healthy cluster").isEmpty();

        String nodeDown = nodeDownExpr();
        assertThat(query(nodeDown)).isEmpty();
        c.stop();
        await().atMost(30, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).until(() -> query(nodeDown).size() == 1);
        assertThat(query(nodeDown).get(0).path("metric").path("instance").asText()).isEqualTo(c.adminUrl("").substring(7));
    }

    private List<String> emptyQueries(List<String> dashboardQueries) {
        List<String> empty = new ArrayList<>();
        for (String dashboardQuery : dashboardQueries) {
            String promql = substitute(dashboardQuery);
            if (query(promql).isEmpty()) {
                empty.add(promql);
            }
        }
        return empty;
    }

    /** The expression of the shipped IcndNodeDown alert. */
    private static String nodeDownExpr() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("dashboards/icnd-alerts.yml"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("alert: IcndNodeDown")) {
                return lines.get(i + 1).trim().substring("expr:".length()).trim();
            }
        }
        throw new AssertionError("no IcndNodeDown alert in dashboards/icnd-alerts.yml");
    }
}
