package coop.icn.icnd.obs;

import com.codahale.metrics.Counter;
import com.codahale.metrics.DefaultSettableGauge;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

/**
 * The only way node code creates {@code icn_*} metrics: each call takes a catalogue entry,
 * checks its type and labels, and registers the metric in the application's
 * {@link MetricRegistry}. Components call it once, in their constructors, and keep the result
 * in {@code final} fields, so recording never looks a name up.
 *
 * <p>Event counts are Dropwizard {@link Counter}s (an adder; a {@code Meter} costs six times as
 * much and its rates duplicate Prometheus's {@code rate()}); {@link PrometheusBridge} exports
 * them with {@code # TYPE ... counter}.
 */
public final class MetricFactory {
    private final MetricRegistry registry;
    private final int maxLabelValues;
    private final boolean exemplars;

    /** A factory whose latency histograms keep exemplars, as {@link MetricCatalogue#exemplars()} says. */
    public MetricFactory(MetricRegistry registry, int maxLabelValues) {
        this(registry, maxLabelValues, true);
    }

    /**
     * {@code exemplars} false (tracing off) builds every histogram without them: with no span
     * ever sampled they could hold nothing, and reading the current span still costs a
     * thread-local lookup per observation ({@code docs/metrics.md}).
     */
    public MetricFactory(MetricRegistry registry, int maxLabelValues, boolean exemplars) {
        this.registry = registry;
        this.maxLabelValues = maxLabelValues;
        this.exemplars = exemplars;
    }

    public Counter counter(MetricCatalogue definition) {
        check(definition, MetricType.COUNTER, false);
        return registry.counter(definition.metricName());
    }

    /** A counter labelled by names the node knows (its actors'), each child made at its first use. */
    public Labelled<Counter> labelledCounter(MetricCatalogue definition) {
        check(definition, MetricType.COUNTER, true);
        return new Labelled<>(definition, maxLabelValues, registry::counter, registry::remove);
    }

    /**
     * A counter labelled by data (topics, peers' DIDs), which no enum bounds: capped at
     * {@code observability.maxLabelValues} children, with the {@code other} child they fold into
     * exported from the first scrape, so a query over the family finds it before any value.
     */
    public Labelled<Counter> counterByData(MetricCatalogue definition) {
        Labelled<Counter> family = labelledCounter(definition);
        family.other();
        return family;
    }

    /**
     * One child of a one-label counter per value of {@code values}, bound now: each value is
     * exported at 0 from the first scrape, and recording is an {@link EnumMap} lookup. Known
     * values are bounded by their enum, so they do not count against
     * {@code observability.maxLabelValues}.
     */
    public <E extends Enum<E> & LabelValue> Map<E, Counter> counterPerValue(MetricCatalogue definition, EnumSet<E> values) {
        check(definition, MetricType.COUNTER, true);
        Map<E, Counter> children = new EnumMap<>(values.iterator().next().getDeclaringClass());
        for (E value : values) {
            children.put(value, registry.counter(Labelled.childName(definition, value.label())));
        }
        return children;
    }

    /** As {@link #counterPerValue}, for a two-label counter: one child per pair of values. */
    public <A extends Enum<A> & LabelValue, B extends Enum<B> & LabelValue> Map<A, Map<B, Counter>> counterPerValues(
            MetricCatalogue definition, EnumSet<A> first, EnumSet<B> second) {
        check(definition, MetricType.COUNTER, true);
        Map<A, Map<B, Counter>> children = new EnumMap<>(first.iterator().next().getDeclaringClass());
        for (A a : first) {
            Map<B, Counter> row = new EnumMap<>(second.iterator().next().getDeclaringClass());
            for (B b : second) {
                row.put(b, registry.counter(Labelled.childName(definition, a.label(), b.label())));
            }
            children.put(a, row);
        }
        return children;
    }

    /** A gauge the owner sets, for values refreshed on a schedule or on change. */
    @SuppressWarnings("unchecked")
    public DefaultSettableGauge<Double> settableGauge(MetricCatalogue definition) {
        check(definition, MetricType.GAUGE, false);
        return (DefaultSettableGauge<Double>) registry.gauge(definition.metricName(),
                () -> new DefaultSettableGauge<>(0.0));
    }

    /**
     * A gauge labelled by data that the owner sets, with its {@code other} child up front as
     * {@link #counterByData}. Values beyond the label cap share that child, so the owner adds
     * into it rather than setting it (see {@link Labelled}).
     */
    @SuppressWarnings("unchecked")
    public Labelled<DefaultSettableGauge<Double>> settableGaugeByData(MetricCatalogue definition) {
        check(definition, MetricType.GAUGE, true);
        Labelled<DefaultSettableGauge<Double>> family = new Labelled<>(definition, maxLabelValues,
                name -> (DefaultSettableGauge<Double>) registry.gauge(name, () -> new DefaultSettableGauge<>(0.0)),
                registry::remove);
        family.other();
        return family;
    }

    /**
     * A gauge read at scrape time. The supplier runs on the scrape thread, so it may only read
     * state that is safe to read from any thread (a queue's size, a volatile).
     */
    public void gauge(MetricCatalogue definition, Gauge<? extends Number> supplier, String... labelValues) {
        check(definition, MetricType.GAUGE, labelValues.length > 0);
        String name = Labelled.childName(definition, labelValues);
        registry.remove(name);
        registry.register(name, supplier);
    }

    public BucketHistogram histogram(MetricCatalogue definition) {
        check(definition, MetricType.HISTOGRAM, false);
        return histogramNamed(definition, definition.metricName());
    }

    /** One child of a one-label histogram per value of {@code values}, bound now (as {@link #counterPerValue}). */
    public <E extends Enum<E> & LabelValue> Map<E, BucketHistogram> histogramPerValue(MetricCatalogue definition,
                                                                                      EnumSet<E> values) {
        check(definition, MetricType.HISTOGRAM, true);
        Map<E, BucketHistogram> children = new EnumMap<>(values.iterator().next().getDeclaringClass());
        for (E value : values) {
            children.put(value, histogramNamed(definition, Labelled.childName(definition, value.label())));
        }
        return children;
    }

    private BucketHistogram histogramNamed(MetricCatalogue definition, String name) {
        // a histogram is a Gauge of its snapshot (see BucketHistogram), so gauge() finds or creates it
        return (BucketHistogram) registry.gauge(name, () -> exemplars && definition.exemplars()
                ? BucketHistogram.withExemplars(definition.buckets())
                : new BucketHistogram(definition.buckets()));
    }

    private static void check(MetricCatalogue definition, MetricType type, boolean labelled) {
        if (definition.type() != type) {
            throw new IllegalArgumentException(definition.metricName() + " is a " + definition.type()
                    + " in the catalogue, not a " + type);
        }
        if (labelled == definition.labelNames().isEmpty()) {
            throw new IllegalArgumentException(definition.metricName() + " has labels "
                    + definition.labelNames() + "; use the " + (labelled ? "unlabelled" : "labelled") + " form");
        }
    }
}
