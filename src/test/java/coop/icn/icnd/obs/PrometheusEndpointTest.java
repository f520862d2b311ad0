package coop.icn.icnd.obs;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** What the scrape's {@code _created} filter leaves of an OpenMetrics exposition. */
class PrometheusEndpointTest {
    @Test
    void theCreatedFilterKeepsOpenMetricsValidAndTheCounterItsTotal() throws IOException {
        CollectorRegistry collectors = new CollectorRegistry(true);
        MetricRegistry registry = new MetricRegistry();
        new MetricFactory(registry, 3).counter(MetricCatalogue.NETWORK_MESSAGES_SENT).inc(2);
        collectors.register(new PrometheusBridge(registry));
        // a simpleclient counter, the kind that writes _created
        Counter.build("jvm_example_total", "An example.").register(collectors).inc();

        StringWriter unfiltered = new StringWriter();
        TextFormat.writeOpenMetrics100(unfiltered, collectors.metricFamilySamples());
        assertThat(unfiltered.toString()).contains("jvm_example_created ");
        StringWriter filtered = new StringWriter();
        TextFormat.writeOpenMetrics100(filtered, collectors.filteredMetricFamilySamples(PrometheusEndpoint.WITHOUT_CREATED));

        OpenMetricsScrape scrape = OpenMetricsScrape.parse(filtered.toString());
        assertThat(scrape.allProblems()).isEmpty();
        assertThat(scrape.samples().map(sample -> sample.name() + " " + sample.value()))
                .containsExactlyInAnyOrder("icn_network_messages_sent_total 2.0", "jvm_example_total 1.0");
    }
}
