package coop.icn.icnd.obs;

import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.dropwizard.samplebuilder.SampleBuilder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports the {@code icn_*} metrics of the application's {@link MetricRegistry} to Prometheus,
 * typed and documented by the {@link MetricCatalogue}.
 *
 * <p>{@link DropwizardExports} does the walking, a {@link CatalogueSampleBuilder} the label
 * mapping; this class then fixes
 * what it gets wrong for us: it exports every {@code Counter} as a gauge and every help text as
 * "Generated from Dropwizard metric import". Each family is re-emitted with the catalogue's
 * type and help. Counters become {@code counter} families (named without {@code _total}, which
 * the text format appends, so the scrape shows {@code # TYPE icn_x_total counter}).
 * {@link BucketHistogram}s, which DropwizardExports does not know, are exported here as
 * histograms with buckets, sum and count. Dropwizard's own camelCase metrics (jvm.*, Jetty,
 * Logback) are not exported at all: the standard JVM collectors cover them under the names
 * community dashboards expect.
 */
public final class PrometheusBridge extends Collector {
    /** DropwizardExports takes counters and gauges; the histograms are exported by {@link #histograms}. */
    private static final MetricFilter ICN_ONLY = (name, metric) ->
            name.startsWith("icn_") && !(metric instanceof BucketHistogram);

    private final MetricRegistry registry;
    private final SampleBuilder sampleBuilder;
    private final DropwizardExports exports;

    public PrometheusBridge(MetricRegistry registry) {
        this.registry = registry;
        this.sampleBuilder = new CatalogueSampleBuilder();
        this.exports = new DropwizardExports(registry, ICN_ONLY, sampleBuilder);
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> families = new ArrayList<>();
        for (MetricFamilySamples family : exports.collect()) {
            families.add(retype(family));
        }
        families.addAll(histograms());
        families.sort(Comparator.comparing(family -> family.name));
        return families;
    }

    private static MetricFamilySamples retype(MetricFamilySamples family) {
        MetricCatalogue definition = MetricCatalogue.byName(family.name).orElseThrow(() ->
                new IllegalStateException("metric " + family.name + " is not in the catalogue"));
        return switch (definition.type()) {
            case COUNTER -> new MetricFamilySamples(stripTotal(family.name), Type.COUNTER,
                    definition.help(), family.samples);
            case GAUGE -> new MetricFamilySamples(family.name, Type.GAUGE, definition.help(), family.samples);
            case HISTOGRAM -> throw new IllegalStateException(family.name + " must be a BucketHistogram");
        };
    }

    private List<MetricFamilySamples> histograms() {
        Map<String, List<MetricFamilySamples.Sample>> samplesByFamily = new LinkedHashMap<>();
        for (Map.Entry<String, Metric> entry : registry.getMetrics().entrySet()) {
            if (!(entry.getValue() instanceof BucketHistogram histogram) || !entry.getKey().startsWith("icn_")) {
                continue;
            }
            String dropwizardName = entry.getKey();
            BucketHistogram.Snapshot snapshot = histogram.snapshot();
            List<MetricFamilySamples.Sample> samples = new ArrayList<>();
            double[] bounds = snapshot.upperBounds();
            for (int i = 0; i <= bounds.length; i++) {
                String le = i < bounds.length ? doubleToGoString(bounds[i]) : "+Inf";
                samples.add(sampleBuilder.createSample(dropwizardName, "_bucket",
                        List.of("le"), List.of(le), snapshot.cumulativeCounts()[i]));
            }
            samples.add(sampleBuilder.createSample(dropwizardName, "_sum", List.of(), List.of(), snapshot.sum()));
            samples.add(sampleBuilder.createSample(dropwizardName, "_count", List.of(), List.of(), snapshot.count()));
            String familyName = samples.get(samples.size() - 1).name.replaceFirst("_count$", "");
            samplesByFamily.computeIfAbsent(familyName, name -> new ArrayList<>()).addAll(samples);
        }
        List<MetricFamilySamples> families = new ArrayList<>();
        samplesByFamily.forEach((name, samples) -> {
            MetricCatalogue definition = MetricCatalogue.byName(name).orElseThrow(() ->
                    new IllegalStateException("metric " + name + " is not in the catalogue"));
            families.add(new MetricFamilySamples(name, Type.HISTOGRAM, definition.help(), samples));
        });
        return families;
    }

    private static String stripTotal(String name) {
        return name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    }
}
