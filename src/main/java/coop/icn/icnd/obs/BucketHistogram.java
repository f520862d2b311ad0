package coop.icn.icnd.obs;

import com.codahale.metrics.Gauge;

import java.util.Arrays;
import java.util.Optional;

/**
 * A fixed-bucket histogram on striped cells, exported as a Prometheus histogram with
 * {@code _bucket}, {@code _sum} and {@code _count}.
 *
 * <p>Dropwizard's own {@code Histogram} has no sum (so Prometheus cannot compute averages) and
 * its default reservoir takes a lock that collapses under contention
 * ({@code docs/metrics.md}). This costs a scan of the bounds and one atomic instruction per
 * observation ({@link HistogramCells}).
 *
 * <p>A latency histogram of traced work ({@link MetricCatalogue#exemplars()}) also keeps, per
 * bucket, the sampled span current when a value landed there ({@link ExemplarSampler}); the
 * bridge exports it as the bucket's exemplar in the OpenMetrics format.
 *
 * <p>It is a {@link Gauge} of its snapshot because a {@code MetricRegistry} with listeners (JMX)
 * refuses metric types it does not know; as a gauge it also shows up whole in
 * {@code /metrics-json}. {@link PrometheusBridge} exports it as a histogram.
 */
public final class BucketHistogram implements Gauge<BucketHistogram.Snapshot> {
    private final double[] upperBounds;
    private final HistogramCells cells;
    /** Null for a histogram without exemplars, which then pays nothing for them. */
    private final ExemplarSampler exemplars;

    /** A histogram without exemplars. */
    BucketHistogram(double[] upperBounds) {
        this(upperBounds, null);
    }

    /** A histogram whose buckets keep the current sampled span as their exemplar, a new one per bucket per scrape. */
    static BucketHistogram withExemplars(double[] upperBounds) {
        return new BucketHistogram(upperBounds, new ExemplarSampler(upperBounds.length + 1));
    }

    private BucketHistogram(double[] upperBounds, ExemplarSampler exemplars) {
        for (int i = 1; i < upperBounds.length; i++) {
            if (upperBounds[i] <= upperBounds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must ascend: " + Arrays.toString(upperBounds));
            }
        }
        this.upperBounds = upperBounds.clone();
        this.cells = new HistogramCells(upperBounds.length + 1);
        this.exemplars = exemplars;
    }

    public void observe(double value) {
        int bucket = bucket(value);
        cells.add(bucket, value);
        // after the increment: a scrape that sees the exemplar also counts its observation (see snapshot)
        if (exemplars != null) {
            exemplars.offer(bucket, value);
        }
    }

    /**
     * A value equal to a bound belongs to that bound's bucket (le is inclusive); NaN to +Inf.
     * A scan in order: the catalogue's histograms have at most 14 bounds, for which it is
     * cheaper than a binary search's call and unpredictable branches.
     */
    private int bucket(double value) {
        double[] bounds = upperBounds;
        int bucket = 0;
        while (bucket < bounds.length && !(value <= bounds[bucket])) {
            bucket++;
        }
        return bucket;
    }

    @Override
    public Snapshot getValue() {
        return snapshot();
    }

    /**
     * Consistent enough for a scrape: each bucket is read once, cumulated, and counted. The
     * exemplars are read first, so every exemplar exported belongs to an observation counted;
     * reading them lets each bucket take a new one.
     */
    public Snapshot snapshot() {
        int buckets = upperBounds.length + 1;
        Exemplar[] latest = exemplars == null ? new Exemplar[buckets] : exemplars.snapshot();
        long[] cumulative = new long[buckets];
        long running = 0;
        for (int i = 0; i < buckets; i++) {
            running += cells.count(i);
            cumulative[i] = running;
        }
        return new Snapshot(upperBounds.clone(), cumulative, cells.sum(), latest);
    }

    /** The trace and span of a sampled span that observed {@code value} in a bucket, at {@code epochMillis}. */
    public record Exemplar(String traceId, String spanId, double value, long epochMillis) {
    }

    /**
     * Cumulative bucket counts; {@code cumulativeCounts[upperBounds.length]} is the +Inf bucket,
     * which is also the total count. {@code exemplars} is indexed like the buckets, null where a
     * bucket has none.
     */
    public record Snapshot(double[] upperBounds, long[] cumulativeCounts, double sum, Exemplar[] exemplars) {
        public long count() {
            return cumulativeCounts[cumulativeCounts.length - 1];
        }

        public Optional<Exemplar> exemplar(int bucket) {
            return Optional.ofNullable(exemplars[bucket]);
        }
    }
}
