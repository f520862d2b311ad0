package coop.icn.icnd.obs;

import com.codahale.metrics.Gauge;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-bucket histogram on adders, exported as a Prometheus histogram with {@code _bucket},
 * {@code _sum} and {@code _count}.
 *
 * <p>Dropwizard's own {@code Histogram} has no sum (so Prometheus cannot compute averages) and
 * its default reservoir takes a lock that collapses under contention
 * ({@code docs/metrics.md}). This costs a binary search and two adders per observation.
 *
 * <p>It is a {@link Gauge} of its snapshot because a {@code MetricRegistry} with listeners (JMX)
 * refuses metric types it does not know; as a gauge it also shows up whole in
 * {@code /metrics-json}. {@link PrometheusBridge} exports it as a histogram.
 */
public final class BucketHistogram implements Gauge<BucketHistogram.Snapshot> {
    private final double[] upperBounds;
    private final LongAdder[] buckets;
    private final DoubleAdder sum = new DoubleAdder();

    BucketHistogram(double[] upperBounds) {
        for (int i = 1; i < upperBounds.length; i++) {
            if (upperBounds[i] <= upperBounds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must ascend: " + Arrays.toString(upperBounds));
            }
        }
        this.upperBounds = upperBounds.clone();
        this.buckets = new LongAdder[upperBounds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void observe(double value) {
        int index = Arrays.binarySearch(upperBounds, value);
        // an exact match belongs to its own bucket (le is inclusive); otherwise the insertion point
        buckets[index >= 0 ? index : -index - 1].increment();
        sum.add(value);
    }

    @Override
    public Snapshot getValue() {
        return snapshot();
    }

    /** Consistent enough for a scrape: each bucket is read once, cumulated, and counted. */
    public Snapshot snapshot() {
        long[] cumulative = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(upperBounds.clone(), cumulative, sum.sum());
    }

    /**
     * Cumulative bucket counts; {@code cumulativeCounts[upperBounds.length]} is the +Inf bucket,
     * which is also the total count.
     */
    public record Snapshot(double[] upperBounds, long[] cumulativeCounts, double sum) {
        public long count() {
            return cumulativeCounts[cumulativeCounts.length - 1];
        }
    }
}
