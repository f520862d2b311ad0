package coop.icn.icnd.obs;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.dropwizard.samplebuilder.SampleBuilder;
import io.prometheus.client.exemplars.Exemplar;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exports the {@code icn_*} metrics of the application's {@link MetricRegistry} to Prometheus,
 * typed and documented by the {@link MetricCatalogue}.
 *
 * <p>{@link DropwizardExports} does the walking, a {@link CatalogueSampleBuilder} the label
 * mapping; this class then fixes
 * what it gets wrong for us: it exports every {@code Counter} as a gauge and every help text as
 * "Generated from Dropwizard metric import". Each family is re-emitted with the catalogue's
 * type and help. Counters become {@code counter} families (named without {@code _total}, which
 * the 0.0.4 text format appends, so it shows {@code # TYPE icn_x_total counter}; OpenMetrics
 * shows {@code # TYPE icn_x counter} above the sample {@code icn_x_total}).
 * {@link BucketHistogram}s, which DropwizardExports does not know, are exported here as
 * histograms with buckets, sum and count, each bucket with its exemplar if it has one (labels
 * {@code trace_id} and {@code span_id}; simpleclient writes exemplars only in the OpenMetrics
 * format). Dropwizard's own camelCase metrics (jvm.*, Jetty, Logback) are not exported at all:
 * the standard JVM collectors cover them under the names community dashboards expect.
 */
public final class PrometheusBridge extends Collector {
    /** DropwizardExports takes the unlabelled counters and gauges; the rest is converted here. */
    private static final MetricFilter UNLABELLED = (name, metric) ->
            name.startsWith("icn_") && name.indexOf('.') < 0 && !(metric instanceof BucketHistogram);

    private static final String TRACE_ID = "trace_id";
    private static final String SPAN_ID = "span_id";

    private final MetricRegistry registry;
    private final SampleBuilder sampleBuilder = new CatalogueSampleBuilder();
    private final DropwizardExports exports;
    /** Each histogram's {@code le} values, rendered on its first scrape: its bounds never change. */
    private final Map<String, List<String>> leLabels = new ConcurrentHashMap<>();

    public PrometheusBridge(MetricRegistry registry) {
        this.registry = registry;
        this.exports = new DropwizardExports(registry, UNLABELLED, sampleBuilder);
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> families = new ArrayList<>();
        for (MetricFamilySamples family : exports.collect()) {
            MetricCatalogue definition = definition(family.name);
            families.add(family(definition, family.samples));
        }
        Map<String, List<MetricFamilySamples.Sample>> samplesByFamily = new HashMap<>();
        for (Map.Entry<String, Metric> entry : registry.getMetrics().entrySet()) {
            String name = entry.getKey();
            Metric metric = entry.getValue();
            if (!name.startsWith("icn_") || !(metric instanceof BucketHistogram || name.indexOf('.') > 0)) {
                continue;
            }
            int dot = name.indexOf('.');
            List<MetricFamilySamples.Sample> samples = samplesByFamily.computeIfAbsent(
                    dot < 0 ? name : name.substring(0, dot), family -> new ArrayList<>());
            if (metric instanceof BucketHistogram histogram) {
                addHistogram(name, histogram.snapshot(), samples);
            } else if (metric instanceof Counter counter) {
                samples.add(sampleBuilder.createSample(name, "", List.of(), List.of(), counter.getCount()));
            } else if (metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number) {
                samples.add(sampleBuilder.createSample(name, "", List.of(), List.of(), number.doubleValue()));
            }
        }
        samplesByFamily.forEach((name, samples) -> families.add(family(definition(name), samples)));
        families.sort(Comparator.comparing(family -> family.name));
        return families;
    }

    private static MetricCatalogue definition(String name) {
        return MetricCatalogue.byName(name).orElseThrow(() ->
                new IllegalStateException("metric " + name + " is not in the catalogue"));
    }

    private static MetricFamilySamples family(MetricCatalogue definition, List<MetricFamilySamples.Sample> samples) {
        String name = definition.metricName();
        return switch (definition.type()) {
            // the text format appends _total to a counter family's name
            case COUNTER -> new MetricFamilySamples(stripTotal(name), Type.COUNTER, definition.help(), samples);
            case GAUGE -> new MetricFamilySamples(name, Type.GAUGE, definition.help(), samples);
            case HISTOGRAM -> new MetricFamilySamples(name, Type.HISTOGRAM, definition.help(), samples);
        };
    }

    private void addHistogram(String dropwizardName, BucketHistogram.Snapshot snapshot,
                              List<MetricFamilySamples.Sample> samples) {
        List<String> les = leLabels.computeIfAbsent(dropwizardName, name -> leLabels(snapshot.upperBounds()));
        for (int i = 0; i < les.size(); i++) {
            MetricFamilySamples.Sample bucket = sampleBuilder.createSample(dropwizardName, "_bucket",
                    List.of("le"), List.of(les.get(i)), snapshot.cumulativeCounts()[i]);
            samples.add(snapshot.exemplar(i).map(exemplar -> withExemplar(bucket, exemplar)).orElse(bucket));
        }
        samples.add(sampleBuilder.createSample(dropwizardName, "_sum", List.of(), List.of(), snapshot.sum()));
        samples.add(sampleBuilder.createSample(dropwizardName, "_count", List.of(), List.of(), snapshot.count()));
    }

    private static List<String> leLabels(double[] bounds) {
        List<String> les = new ArrayList<>(bounds.length + 1);
        for (double bound : bounds) {
            les.add(canonical(bound));
        }
        les.add("+Inf");
        return List.copyOf(les);
    }

    private static MetricFamilySamples.Sample withExemplar(MetricFamilySamples.Sample sample,
                                                          BucketHistogram.Exemplar exemplar) {
        return new MetricFamilySamples.Sample(sample.name, sample.labelNames, sample.labelValues, sample.value,
                new Exemplar(exemplar.value(), exemplar.epochMillis(),
                        TRACE_ID, exemplar.traceId(), SPAN_ID, exemplar.spanId()));
    }

    /**
     * A bucket bound as OpenMetrics wants {@code le} written ("Canonical Numbers"): Go's shortest
     * {@code %g}, with {@code .0} added when that has neither a point nor an exponent, so
     * {@code 0.0005}, {@code 1.0}, {@code 100000.0}, {@code 1e+06}. Java's {@code Double.toString}
     * (simpleclient's {@code doubleToGoString}) writes {@code 5.0E-4} and {@code 1000000.0}.
     */
    static String canonical(double bound) {
        BigDecimal value = new BigDecimal(Double.toString(bound)).stripTrailingZeros();
        if (value.signum() == 0) {
            return "0.0";
        }
        String digits = value.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - value.scale();
        String sign = value.signum() < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
        }
        String plain = value.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    private static String stripTotal(String name) {
        return name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    }
}
