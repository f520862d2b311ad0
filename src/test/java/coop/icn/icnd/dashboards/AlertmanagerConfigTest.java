package coop.icn.icnd.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped Alertmanager configuration is valid and routes each severity to its receiver (amtool). */
class AlertmanagerConfigTest {
    private static String receiverOf(String... labels) throws Exception {
        List<String> args = new ArrayList<>(List.of("config", "routes", "test", "--config.file=alertmanager.yml"));
        args.addAll(List.of(labels));
        // amtool warns on stderr that --config.file wins over --alertmanager.url; the receiver is the last line
        List<String> lines = Amtool.run(args.toArray(String[]::new)).lines().filter(line -> !line.startsWith("Warning")).toList();
        return lines.get(lines.size() - 1).strip();
    }

    private static String join(JsonNode list) {
        List<String> items = new ArrayList<>();
        list.forEach(item -> items.add(item.asText()));
        return String.join(", ", items);
    }

    @Test
    void amtoolChecksTheConfig() throws Exception {
        assertThat(Amtool.run("check-config", "alertmanager.yml"))
                .contains("SUCCESS", "2 inhibit rules", "2 receivers");
    }

    @Test
    void pagesAndTicketsGoToTheirReceivers() throws Exception {
        assertThat(receiverOf("alertname=IcndNodeDown", "severity=page", "instance=n:9090")).isEqualTo("page");
        assertThat(receiverOf("alertname=IcndRpcAvailabilityBudgetBurn", "severity=page", "slo=rpc-availability"))
                .isEqualTo("page");
        assertThat(receiverOf("alertname=IcndRpcAvailabilityBudgetDrain", "severity=ticket", "slo=rpc-availability"))
                .isEqualTo("ticket");
        assertThat(receiverOf("alertname=IcndNoPeers", "severity=ticket")).isEqualTo("ticket");
        // an alert without a severity still reaches someone
        assertThat(receiverOf("alertname=Unlabelled")).isEqualTo("ticket");
    }

    @Test
    void alertsAreGroupedByAlertAndNodeAndInhibitedByNodeDownAndByThePageOfTheirSlo() throws Exception {
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(new File("dashboards/alertmanager.yml"));

        List<String> groupBy = new ArrayList<>();
        config.path("route").path("group_by").forEach(label -> groupBy.add(label.asText()));
        assertThat(groupBy).containsExactly("alertname", "instance");
        List<String> inhibitions = new ArrayList<>();
        config.path("inhibit_rules").forEach(rule -> inhibitions.add(join(rule.path("source_matchers")) + " -> "
                + join(rule.path("target_matchers")) + " if equal " + join(rule.path("equal"))));
        assertThat(inhibitions).containsExactly(
                "severity=\"page\", slo=~\".+\" -> severity=\"ticket\", slo=~\".+\" if equal slo, instance",
                "alertname=\"IcndNodeDown\" -> alertname!=\"IcndNodeDown\" if equal instance");
    }
}
