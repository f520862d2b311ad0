package coop.icn.icnd.obs;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class MetricCatalogueTest {
    @Test
    void everySeedMetricIsCataloguedWithItsType() {
        Map<String, String> catalogued = Arrays.stream(MetricCatalogue.values())
                .collect(Collectors.toMap(MetricCatalogue::metricName, m -> m.type().exposition()));
        assertThat(catalogued).containsAllEntriesOf(SeedMetrics.TYPES);
        assertThat(Arrays.stream(MetricCatalogue.values()).filter(MetricCatalogue::seed).map(MetricCatalogue::metricName))
                .containsExactlyInAnyOrderElementsOf(SeedMetrics.TYPES.keySet());
    }

    @Test
    void namesFollowTheConventionAndPromtoolsRules() {
        for (MetricCatalogue metric : MetricCatalogue.values()) {
            assertThat(metric.metricName()).as(metric.name()).matches("icn_(system|network|gossip|ledger|rpc|store)_[a-z0-9_]+");
            assertThat(metric.help()).as(metric.metricName()).isNotBlank().doesNotContain("Generated from");
            if (metric.type() == MetricType.COUNTER) {
                assertThat(metric.metricName()).endsWith("_total");
            } else if (!SeedMetrics.GAUGES_ENDING_IN_TOTAL.contains(metric.metricName())) {
                assertThat(metric.metricName()).as(metric.name()).doesNotEndWith("_total");
            }
            if (metric.type() == MetricType.HISTOGRAM) {
                assertThat(metric.buckets()).isNotEmpty().isSorted();
            }
        }
    }

    @Test
    void exemplarsAreOnTheLatencyHistogramsOfTracedWorkOnly() {
        assertThat(Arrays.stream(MetricCatalogue.values()).filter(MetricCatalogue::exemplars))
                .allSatisfy(metric -> {
                    assertThat(metric.type()).isEqualTo(MetricType.HISTOGRAM);
                    assertThat(metric.unit()).isEqualTo("seconds");
                })
                .extracting(MetricCatalogue::metricName)
                .containsExactlyInAnyOrder("icn_gossip_propagation_seconds", "icn_ledger_apply_latency_seconds",
                        "icn_store_commit_duration_seconds", "icn_network_rtt_seconds",
                        "icn_rpc_request_duration_seconds");
    }

    @Test
    void labelledMetricsUseBoundedLabelNames() {
        for (MetricCatalogue metric : MetricCatalogue.values()) {
            assertThat(metric.labelNames()).as(metric.metricName())
                    .allMatch(label -> List.of("actor", "topic", "peer", "type", "reason", "direction", "status", "route",
                            // the build's: one value each per process
                            "version", "revision").contains(label));
        }
    }
}
