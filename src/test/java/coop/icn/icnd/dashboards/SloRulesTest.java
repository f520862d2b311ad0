package coop.icn.icnd.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import coop.icn.icnd.obs.MetricCatalogue;
import io.prometheus.client.Collector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The SLOs are defined once, by the objectives in {@code dashboards/icnd-slos.yml}; every
 * window, burn-rate threshold and label of their alerts, and the README's SLO table and
 * runbook, agree with them.
 */
class SloRulesTest {
    private static final Path SLOS = Path.of("dashboards", "icnd-slos.yml");
    private static final Path ALERTS = Path.of("dashboards", "icnd-alerts.yml");
    private static final Pattern CLAUSE = Pattern.compile(
            "icnd:slo_errors:ratio_rate(\\w+)\\{slo=\"([^\"]+)\"} > \\(([0-9.]+) \\* ([0-9.]+)\\)");
    /** The SRE workbook's pairs for a 30-day budget: window to burn rate. */
    private static final Map<String, Double> PAGE = Map.of("1h", 14.4, "5m", 14.4, "6h", 6.0, "30m", 6.0);
    private static final Map<String, Double> TICKET = Map.of("1d", 3.0, "2h", 3.0, "3d", 1.0, "6h", 1.0);

    static List<JsonNode> rules(Path file) throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).path("groups")
                .forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    /** Each SLO's objective, from its {@code icnd:slo_objective:ratio} record. */
    static Map<String, Double> objectives() throws IOException {
        Map<String, Double> objectives = new LinkedHashMap<>();
        for (JsonNode rule : rules(SLOS)) {
            if ("icnd:slo_objective:ratio".equals(rule.path("record").asText())) {
                Matcher vector = Pattern.compile("vector\\(([0-9.]+)\\)").matcher(rule.path("expr").asText());
                assertThat(vector.matches()).as(rule.toString()).isTrue();
                objectives.put(rule.path("labels").path("slo").asText(), Double.parseDouble(vector.group(1)));
            }
        }
        return objectives;
    }

    private static List<JsonNode> alerts(Path file) throws IOException {
        return rules(file).stream().filter(rule -> rule.has("alert")).toList();
    }

    @Test
    void everySloHasItsErrorRatioOverEveryWindowTheAlertsAndTheDashboardRead() throws Exception {
        Map<String, Double> objectives = objectives();
        assertThat(objectives).containsOnlyKeys("rpc-availability", "rpc-latency", "gossip-propagation",
                "ledger-apply", "node-availability");
        Map<String, List<String>> windows = new HashMap<>();
        for (JsonNode rule : rules(SLOS)) {
            String record = rule.path("record").asText();
            if (record.startsWith("icnd:slo_errors:ratio_rate")) {
                windows.computeIfAbsent(rule.path("labels").path("slo").asText(), slo -> new ArrayList<>())
                        .add(record.substring("icnd:slo_errors:ratio_rate".length()));
            }
        }

        assertThat(windows).containsOnlyKeys(objectives.keySet());
        windows.forEach((slo, recorded) -> assertThat(recorded).as(slo)
                .containsExactlyInAnyOrder("5m", "30m", "1h", "2h", "6h", "1d", "3d", "30d"));
    }

    @Test
    void everySloPagesAndTicketsAtTheWorkbooksBurnRatesOfItsOwnBudget() throws Exception {
        for (Map.Entry<String, Double> slo : objectives().entrySet()) {
            List<JsonNode> alerts = alerts(SLOS).stream()
                    .filter(alert -> slo.getKey().equals(alert.path("labels").path("slo").asText())).toList();
            assertThat(alerts).as(slo.getKey()).extracting(alert -> alert.path("labels").path("severity").asText())
                    .containsExactlyInAnyOrder("page", "ticket");
            for (JsonNode alert : alerts) {
                boolean page = "page".equals(alert.path("labels").path("severity").asText());
                assertThat(alert.path("alert").asText()).endsWith(page ? "BudgetBurn" : "BudgetDrain");
                Map<String, Double> burnRates = new HashMap<>();
                Matcher clause = CLAUSE.matcher(alert.path("expr").asText());
                while (clause.find()) {
                    assertThat(clause.group(2)).as(alert.path("alert").asText()).isEqualTo(slo.getKey());
                    assertThat(Double.parseDouble(clause.group(4))).as(alert.path("alert").asText() + " budget")
                            .isCloseTo(1 - slo.getValue(), within(1e-9));
                    burnRates.put(clause.group(1), Double.parseDouble(clause.group(3)));
                }
                assertThat(burnRates).as(alert.path("alert").asText()).isEqualTo(page ? PAGE : TICKET);
            }
        }
    }

    @Test
    void everyBucketAnSliReadsIsOneTheNodeExportsWrittenAsItWritesIt() throws Exception {
        Matcher bucket = Pattern.compile("(\\w+)_bucket\\{[^}]*le=\"([^\"]+)\"").matcher(Files.readString(SLOS));
        int read = 0;
        while (bucket.find()) {
            read++;
            MetricCatalogue histogram = MetricCatalogue.byName(bucket.group(1)).orElseThrow(() ->
                    new AssertionError(bucket.group(1) + " is not catalogued"));
            // the Java client writes bounds as Go does for floats: le="5.0", never le="5"
            assertThat(Arrays.stream(histogram.buckets()).mapToObj(Collector::doubleToGoString))
                    .as(bucket.group(0)).contains(bucket.group(2));
        }
        assertThat(read).isPositive();
    }

    @Test
    void sloAlertsWaitLongerThanNodeDownSoThatItInhibitsThemWhenANodeIsDown() throws Exception {
        Duration nodeDown = alerts(ALERTS).stream().filter(alert -> "IcndNodeDown".equals(alert.path("alert").asText()))
                .map(alert -> duration(alert.path("for").asText())).findFirst().orElseThrow();

        assertThat(alerts(SLOS)).allSatisfy(alert -> assertThat(duration(alert.path("for").asText()))
                .as(alert.path("alert").asText()).isGreaterThan(nodeDown));
    }

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndARunbookEntryInTheReadme() throws Exception {
        Set<String> anchors = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.startsWith("#")).map(SloRulesTest::anchor).collect(Collectors.toSet());
        List<JsonNode> all = new ArrayList<>(alerts(ALERTS));
        all.addAll(alerts(SLOS));

        assertThat(all).hasSize(22).allSatisfy(alert -> {
            String name = alert.path("alert").asText();
            assertThat(alert.path("labels").path("severity").asText()).as(name).isIn("page", "ticket");
            assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
            assertThat(alert.path("annotations").path("description").asText()).as(name).isNotBlank();
            String runbook = alert.path("annotations").path("runbook_url").asText();
            assertThat(runbook).as(name).isEqualTo("README.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(anchors).as("a README heading for " + name).contains(runbook.substring("README.md#".length()));
        });
    }

    @Test
    void theReadmeSloTableStatesEachObjective() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("README.md")).stream()
                .filter(line -> line.matches("\\| [^|]+ \\(`[a-z-]+`\\) \\|.*")).toList();
        Map<String, String> stated = new LinkedHashMap<>();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            stated.put(cells[1].replaceAll(".*\\(`([a-z-]+)`\\).*", "$1").strip(), cells[3].strip());
        }

        Map<String, String> objectives = new LinkedHashMap<>();
        objectives().forEach((slo, objective) -> objectives.put(slo, percent(objective)));
        assertThat(stated).isEqualTo(objectives);
    }

    private static String percent(double ratio) {
        String percent = String.format(Locale.ROOT, "%.3f", ratio * 100).replaceAll("0+$", "").replaceAll("\\.$", "");
        return percent + "%";
    }

    /** GitHub's anchor of a Markdown heading. */
    private static String anchor(String heading) {
        return heading.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    private static Duration duration(String prometheus) {
        return Duration.parse("PT" + prometheus.toUpperCase(Locale.ROOT));
    }
}
