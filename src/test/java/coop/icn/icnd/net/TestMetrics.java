package coop.icn.icnd.net;

import com.codahale.metrics.MetricRegistry;
import coop.icn.icnd.obs.MetricFactory;
import coop.icn.icnd.obs.PrometheusBridge;
import coop.icn.icnd.obs.Scrape;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** Network metrics on a registry of their own, read back as Prometheus scrapes them. */
final class TestMetrics {
    private final MetricRegistry registry = new MetricRegistry();
    final NetworkMetrics metrics;

    TestMetrics() {
        this(64, java.util.concurrent.TimeUnit.MINUTES.toNanos(10));
    }

    TestMetrics(int maxLabelValues, long peerSeriesTtlNanos) {
        metrics = new NetworkMetrics(new MetricFactory(registry, maxLabelValues), peerSeriesTtlNanos);
    }

    /** The value of one exported sample; fails when the series is not exported. */
    double value(String sampleName, String... labelPairs) {
        return scrape().value(sampleName, labelPairs);
    }

    /** How many values a histogram has observed, and their sum. */
    record Observed(double count, double sum) {
    }

    Observed observed(String histogram) {
        return new Observed(value(histogram + "_count"), value(histogram + "_sum"));
    }

    double errors(String type) {
        return value("icn_network_errors_total", "type", type);
    }

    Scrape scrape() {
        CollectorRegistry collectors = new CollectorRegistry(true);
        collectors.register(new PrometheusBridge(registry));
        StringWriter out = new StringWriter();
        try {
            TextFormat.write004(out, collectors.metricFamilySamples());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Scrape.parse(out.toString());
    }
}
