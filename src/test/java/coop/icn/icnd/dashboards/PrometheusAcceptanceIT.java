package coop.icn.icnd.dashboards;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
 * of the shipped overview dashboard evaluated through Prometheus's HTTP API.
 */
class PrometheusAcceptanceIT {
    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    @TempDir
    Path dir;

    @Test
    void everyDashboardQueryAnswersAndTheAlertsTellTheTruth() throws Exception {
        NodeProcess a = cluster.node(dir, "a");
        NodeProcess b = cluster.node(dir, "b").bootstrap(a);
        NodeProcess c = cluster.node(dir, "c").bootstrap(a, b);
        List<NodeProcess> nodes = List.of(a, b, c);
        nodes.forEach(node -> node.network("keepAliveInterval", "1s").start());
        PrometheusServer prometheus = cluster.closeAfter(PrometheusServer.start(dir, nodes, List.of("icnd-alerts.yml"), null));

        // load: entries, a currency and transfers, and one bad request
        ClusterLoad.drive(nodes);
        // rates need two scrapes inside the substituted interval: wait for them, not for a fixed time
        List<String> dashboardQueries = DashboardLintTest.queries(DashboardLintTest.OVERVIEW).stream()
                .map(PrometheusServer::asGrafanaSends).toList();
        await().atMost(30, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(prometheus.empty(dashboardQueries)).as("dashboard queries with no series").isEmpty());

        assertThat(prometheus.firing()).as("alerts firing on a healthy cluster").isEmpty();

        String nodeDown = nodeDownExpr();
        // the scrape timeout is the 1 s interval: on a busy machine one scrape may miss it, and the expression holds
        // for that second (the alert's for: 1m does not); so each check waits for its state to be the only one
        await().atMost(30, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS)
                .untilAsserted(() -> assertThat(downInstances(prometheus, nodeDown)).as("instances down before the stop").isEmpty());
        c.stop();
        await().atMost(30, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS)
                .untilAsserted(() -> assertThat(downInstances(prometheus, nodeDown)).as("instances down after c stopped")
                        .containsExactly(c.adminAddress()));
    }

    private static List<String> downInstances(PrometheusServer prometheus, String nodeDown) {
        List<String> instances = new ArrayList<>();
        prometheus.query(nodeDown).forEach(series -> instances.add(series.path("metric").path("instance").asText()));
        return instances;
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
