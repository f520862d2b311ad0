package coop.icn.icnd.obs;

import com.codahale.metrics.Metric;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * A labelled metric family: one Dropwizard metric per distinct label-value tuple, registered as
 * {@code name.value1.value2} so that the bridge's {@link CatalogueSampleBuilder} turns the dotted
 * parts back into labels. Dots and percent signs inside a value are percent-encoded there, so
 * every distinct value keeps its own series ({@code a.b:x} and {@code a_b:x} included).
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
    private final java.util.function.Consumer<String> unregister;
    private final ConcurrentMap<String, M> children = new ConcurrentHashMap<>();
    private M other;

    Labelled(MetricCatalogue definition, int maxChildren, Function<String, M> register,
             java.util.function.Consumer<String> unregister) {
        this.definition = definition;
        this.maxChildren = maxChildren;
        this.register = register;
        this.unregister = unregister;
    }

    /** The child for these label values, in the catalogue's label order. */
    public M labels(String... values) {
        if (values.length != definition.labelNames().size()) {
            throw new IllegalArgumentException(definition.metricName() + " takes labels "
                    + definition.labelNames() + ", got " + Arrays.toString(values));
        }
        // keyed by the raw values so that a lookup of an existing child allocates nothing
        // for one label; the Dropwizard name is built only when a child is created
        String key = values.length == 1 ? values[0] : String.join("\u001f", values);
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
                // not remembered per value: a flood of distinct values must not grow this map
                return other();
            }
            child = register.apply(childName(definition, values));
            children.put(key, child);
            return child;
        }
    }

    /**
     * Removes the child for these values from the registry, so it leaves the scrape and frees its
     * place under the cap; a value folded into {@value #OTHER} has no child of its own and stays
     * counted there. Returns whether a child was removed.
     */
    public synchronized boolean remove(String... values) {
        String key = values.length == 1 ? values[0] : String.join("\u001f", values);
        if (children.remove(key) == null) {
            return false;
        }
        unregister.accept(childName(definition, values));
        return true;
    }

    /**
     * The child every value beyond the cap folds into, created if need be. A family whose values
     * are data (topics) creates it up front, so that the family is in the scrape, at 0, before
     * its first value.
     */
    public synchronized M other() {
        if (other == null) {
            String[] otherValues = new String[definition.labelNames().size()];
            Arrays.fill(otherValues, OTHER);
            other = register.apply(childName(definition, otherValues));
        }
        return other;
    }

    /** The Dropwizard name of one child: {@code name.value1.value2}, each value {@link #encode}d. */
    static String childName(MetricCatalogue definition, String... values) {
        StringBuilder name = new StringBuilder(definition.metricName());
        for (String value : values) {
            name.append('.').append(encode(value));
        }
        return name.toString();
    }

    /** Dots separate values in the Dropwizard name, so a value's own dots (and '%') are escaped. */
    static String encode(String value) {
        if (value.indexOf('.') < 0 && value.indexOf('%') < 0) {
            return value;
        }
        return value.replace("%", "%25").replace(".", "%2E");
    }

    static String decode(String encoded) {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        StringBuilder out = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%' && encoded.startsWith("2E", i + 1)) {
                out.append('.');
                i += 2;
            } else if (c == '%' && encoded.startsWith("25", i + 1)) {
                out.append('%');
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
