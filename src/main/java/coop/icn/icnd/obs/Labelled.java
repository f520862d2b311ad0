package coop.icn.icnd.obs;

import com.codahale.metrics.Metric;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * A labelled metric family: one Dropwizard metric per distinct label-value tuple, registered as
 * {@code name.value1.value2} so that the bridge's {@code CustomMappingSampleBuilder} turns the
 * dotted parts back into labels.
 *
 * <p>Cardinality is bounded: once {@code maxChildren} tuples exist, further new tuples are
 * folded into one child whose values are all {@value #OTHER}. Callers on a hot path resolve
 * their child once and keep it.
 */
public final class Labelled<M extends Metric> {
    public static final String OTHER = "other";

    private final MetricCatalogue definition;
    private final int maxChildren;
    private final Function<String, M> register;
    private final ConcurrentMap<String, M> children = new ConcurrentHashMap<>();

    Labelled(MetricCatalogue definition, int maxChildren, Function<String, M> register) {
        this.definition = definition;
        this.maxChildren = maxChildren;
        this.register = register;
    }

    /** The child for these label values, in the catalogue's label order. */
    public M labels(String... values) {
        if (values.length != definition.labelNames().size()) {
            throw new IllegalArgumentException(definition.metricName() + " takes labels "
                    + definition.labelNames() + ", got " + Arrays.toString(values));
        }
        String key = dottedName(values);
        M child = children.get(key);
        if (child != null) {
            return child;
        }
        synchronized (this) {
            child = children.get(key);
            if (child != null) {
                return child;
            }
            if (children.size() >= maxChildren) {
                String[] other = new String[values.length];
                Arrays.fill(other, OTHER);
                return children.computeIfAbsent(dottedName(other), register);
            }
            return children.computeIfAbsent(key, register);
        }
    }

    private String dottedName(String[] values) {
        return childName(definition, values);
    }

    /** The Dropwizard name of one child: {@code name.value1.value2}. */
    static String childName(MetricCatalogue definition, String... values) {
        StringBuilder name = new StringBuilder(definition.metricName());
        for (String value : values) {
            // dots separate label values in the Dropwizard name; the glob cannot match a value with one
            name.append('.').append(value.replace('.', '_'));
        }
        return name.toString();
    }
}
