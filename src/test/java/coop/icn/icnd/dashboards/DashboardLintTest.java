package coop.icn.icnd.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.obs.MetricCatalogue;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped Grafana dashboard is importable as is and documents itself. */
class DashboardLintTest {
    static final File DASHBOARD = new File("dashboards/icnd-overview.json");

    static List<JsonNode> panels() throws Exception {
        List<JsonNode> panels = new ArrayList<>();
        new ObjectMapper().readTree(DASHBOARD).get("panels").forEach(panel -> {
            if (!"row".equals(panel.get("type").asText())) {
                panels.add(panel);
            }
        });
        return panels;
    }

    /** Every query of the dashboard. */
    static List<String> queries() throws Exception {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.get("targets").forEach(target -> queries.add(target.get("expr").asText()));
        }
        return queries;
    }

    @Test
    void everyPanelHasATitleADescriptionAUnitAndTheTemplatedDatasource() throws Exception {
        assertThat(panels()).hasSizeGreaterThan(20).allSatisfy(panel -> {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(panel.path("description").asText()).as(title).isNotBlank();
            assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as(title).isNotBlank();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("targets").size()).as(title).isPositive();
        });
    }

    @Test
    void theDashboardHasItsVariablesAndRows() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD);
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.get("name").asText() + ":" + v.get("type").asText()));
        assertThat(variables).containsExactly("datasource:datasource", "job:query", "instance:query");
        List<String> rows = new ArrayList<>();
        dashboard.get("panels").forEach(p -> {
            if ("row".equals(p.get("type").asText())) {
                rows.add(p.get("title").asText());
            }
        });
        assertThat(rows).containsExactly("System", "Network", "Peers", "Gossip", "Topics", "Ledger", "JVM");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("description").asText()).isNotBlank();
    }

    @Test
    void rateQueriesUseTheRateIntervalAndSelectJobAndInstance() throws Exception {
        for (String query : queries()) {
            if (query.contains("rate(") || query.contains("increase(")) {
                assertThat(query).as(query).contains("[$__rate_interval]").doesNotContainPattern("\\[[0-9]+[smh]\\]");
            }
            assertThat(query).as(query).contains("job=~\"$job\"").contains("instance=~\"$instance\"");
        }
    }

    /**
     * A panel on a latency histogram with exemplars shows them from one target (two targets on
     * the same buckets would draw every exemplar twice); no other target asks for exemplars.
     */
    @Test
    void latencyPanelsShowExemplarsFromOneTarget() throws Exception {
        List<String> withExemplars = Arrays.stream(MetricCatalogue.values()).filter(MetricCatalogue::exemplars)
                .map(metric -> metric.metricName() + "_bucket").toList();
        List<String> panelsWithExemplars = new ArrayList<>();
        for (JsonNode panel : panels()) {
            String title = panel.path("title").asText();
            List<JsonNode> latencyTargets = new ArrayList<>();
            List<JsonNode> exemplarTargets = new ArrayList<>();
            panel.get("targets").forEach(target -> {
                if (withExemplars.stream().anyMatch(target.get("expr").asText()::contains)) {
                    latencyTargets.add(target);
                }
                if (target.path("exemplar").asBoolean(false)) {
                    exemplarTargets.add(target);
                }
            });
            if (latencyTargets.isEmpty()) {
                assertThat(exemplarTargets).as(title + ": exemplars on a panel without exemplar histograms").isEmpty();
            } else {
                assertThat(exemplarTargets).as(title).hasSize(1);
                assertThat(latencyTargets).as(title).contains(exemplarTargets.get(0));
                panelsWithExemplars.add(title);
            }
        }
        assertThat(panelsWithExemplars).containsExactlyInAnyOrder("Round-trip time", "Propagation", "Store", "Apply latency");
    }

    @Test
    void everyCataloguedMetricIsOnTheDashboard() throws Exception {
        String all = String.join("\n", queries());
        for (MetricCatalogue metric : MetricCatalogue.values()) {
            assertThat(all).as("a panel for " + metric.metricName()).contains(metric.metricName());
        }
    }
}
