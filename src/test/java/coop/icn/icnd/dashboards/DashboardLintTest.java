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

/** The shipped Grafana dashboards are importable as they are and document themselves. */
class DashboardLintTest {
    static final File OVERVIEW = new File("dashboards/icnd-overview.json");
    static final File SLOS = new File("dashboards/icnd-slo.json");

    static List<JsonNode> panels(File dashboard) throws Exception {
        List<JsonNode> panels = new ArrayList<>();
        new ObjectMapper().readTree(dashboard).get("panels").forEach(panel -> {
            if (!"row".equals(panel.get("type").asText())) {
                panels.add(panel);
            }
        });
        return panels;
    }

    /** Every query of a dashboard. */
    static List<String> queries(File dashboard) throws Exception {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            panel.get("targets").forEach(target -> queries.add(target.get("expr").asText()));
        }
        return queries;
    }

    private static List<String> rows(File dashboard) throws Exception {
        List<String> rows = new ArrayList<>();
        new ObjectMapper().readTree(dashboard).get("panels").forEach(p -> {
            if ("row".equals(p.get("type").asText())) {
                rows.add(p.get("title").asText());
            }
        });
        return rows;
    }

    @Test
    void everyPanelHasATitleADescriptionAUnitAndTheTemplatedDatasource() throws Exception {
        for (File dashboard : new File[] {OVERVIEW, SLOS}) {
            assertThat(panels(dashboard)).as(dashboard.toString()).hasSizeGreaterThanOrEqualTo(15).allSatisfy(panel -> {
                String title = panel.path("title").asText();
                assertThat(title).isNotBlank();
                assertThat(panel.path("description").asText()).as(title).isNotBlank();
                assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as(title).isNotBlank();
                assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
                assertThat(panel.path("targets").size()).as(title).isPositive();
            });
        }
    }

    @Test
    void theDashboardsHaveTheirVariablesAndRows() throws Exception {
        for (File dashboard : new File[] {OVERVIEW, SLOS}) {
            JsonNode json = new ObjectMapper().readTree(dashboard);
            List<String> variables = new ArrayList<>();
            json.path("templating").path("list").forEach(v -> variables.add(v.get("name").asText() + ":" + v.get("type").asText()));
            assertThat(variables).as(dashboard.toString()).containsExactly("datasource:datasource", "job:query", "instance:query");
            assertThat(json.path("title").asText()).isNotBlank();
            assertThat(json.path("description").asText()).isNotBlank();
        }
        assertThat(rows(OVERVIEW)).containsExactly("System", "Network", "Peers", "Gossip", "Topics", "Ledger", "JVM");
        assertThat(rows(SLOS)).hasSize(SloRulesTest.objectives().size());
    }

    @Test
    void rateQueriesUseTheRateIntervalAndSelectJobAndInstance() throws Exception {
        for (File dashboard : new File[] {OVERVIEW, SLOS}) {
            for (String query : queries(dashboard)) {
                if (query.contains("rate(") || query.contains("increase(")) {
                    assertThat(query).as(query).contains("[$__rate_interval]").doesNotContainPattern("\\[[0-9]+[smh]\\]");
                }
                assertThat(query).as(query).contains("job=~\"$job\"").contains("instance=~\"$instance\"");
            }
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
        for (JsonNode panel : panels(OVERVIEW)) {
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
        assertThat(panelsWithExemplars).containsExactlyInAnyOrder("Round-trip time", "Propagation", "Store", "Apply latency",
                "RPC latency");
    }

    @Test
    void everyCataloguedMetricIsOnTheOverview() throws Exception {
        String all = String.join("\n", queries(OVERVIEW));
        for (MetricCatalogue metric : MetricCatalogue.values()) {
            assertThat(all).as("a panel for " + metric.metricName()).contains(metric.metricName());
        }
    }

    @Test
    void everySloHasItsSliBudgetAndBurnRateOnTheSloDashboard() throws Exception {
        List<String> queries = queries(SLOS);
        for (String slo : SloRulesTest.objectives().keySet()) {
            String selector = "{slo=\"" + slo + "\",job=~\"$job\",instance=~\"$instance\"}";
            for (String window : new String[] {"5m", "30d", "1h", "6h", "1d", "3d"}) {
                assertThat(queries).as(slo + " over " + window).anyMatch(query ->
                        query.contains("icnd:slo_errors:ratio_rate" + window + selector));
            }
            assertThat(queries).as("burn rate of " + slo).anyMatch(query -> query.contains(
                    "/ on (slo) group_left () (1 - icnd:slo_objective:ratio{slo=\"" + slo + "\"})"));
        }
    }
}
