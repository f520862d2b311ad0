package coop.icn.icnd.obs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counts and sum of one {@link BucketHistogram}, striped over threads in one {@code long[]}.
 *
 * <p>A {@code LongAdder} per bucket and a {@code DoubleAdder} for the sum cost two atomic
 * read-modify-writes per observation, which made {@code observe} cost about twice a bare
 * {@code LongAdder} ({@code docs/metrics.md}). Here an observation takes one: a thread claims
 * a stripe with one compare-and-set of its lock word, adds to the bucket's count and to the sum
 * with plain arithmetic, and releases the stripe with an ordered store (no atomic instruction).
 * A thread starts at the stripe of its id and, finding it claimed, tries the next; it waits only
 * when every stripe is claimed at once, for a few instructions each.
 *
 * <p>Stripes are {@code PAD} longs apart, and the first starts {@code PAD} in, so that no two
 * stripes, nor a stripe and the array's header (read by every bounds check), share a cache line.
 * Readers take no lock: each word is read once, opaquely, so a scrape sees every observation
 * that completed before it and none half-written, as with adders.
 */
final class HistogramCells {
    /** Longs in a 64-byte cache line. */
    private static final int PAD = 8;
    private static final int LOCK = 0;
    private static final int SUM = 1;
    private static final int COUNTS = 2;
    private static final int MAX_STRIPES = 64;
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int stride;
    private final int mask;
    private final long[] cells;

    HistogramCells(int buckets) {
        this(buckets, stripesFor(Runtime.getRuntime().availableProcessors()));
    }

    /** {@code stripes}: a power of two. */
    HistogramCells(int buckets, int stripes) {
        if (Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two, got " + stripes);
        }
        // rounded up to whole lines, then a line of padding between one stripe's words and the next's
        this.stride = (COUNTS + buckets + PAD - 1) / PAD * PAD + PAD;
        this.mask = stripes - 1;
        this.cells = new long[PAD + stripes * stride];
    }

    /** The next power of two from the processors, so that each may write its own stripe. */
    static int stripesFor(int processors) {
        return Math.min(MAX_STRIPES, Integer.highestOneBit(Math.max(1, processors) * 2 - 1));
    }

    void add(int bucket, double value) {
        int home = (int) Thread.currentThread().getId();
        for (int attempt = 0; ; attempt++) {
            int base = PAD + ((home + attempt) & mask) * stride;
            if (CELLS.compareAndSet(cells, base + LOCK, 0L, 1L)) {
                // the stripe is ours: plain arithmetic, opaque stores so that a reader never sees a torn word
                CELLS.setOpaque(cells, base + COUNTS + bucket, cells[base + COUNTS + bucket] + 1);
                CELLS.setOpaque(cells, base + SUM, Double.doubleToRawLongBits(Double.longBitsToDouble(cells[base + SUM]) + value));
                CELLS.setRelease(cells, base + LOCK, 0L);
                return;
            }
            if (attempt >= mask) {
                Thread.onSpinWait(); // every stripe was claimed: their holders are a few instructions from done
            }
        }
    }

    /** The count of {@code bucket} over all stripes. */
    long count(int bucket) {
        long count = 0;
        for (int base = PAD; base < cells.length; base += stride) {
            count += (long) CELLS.getOpaque(cells, base + COUNTS + bucket);
        }
        return count;
    }

    double sum() {
        double sum = 0;
        for (int base = PAD; base < cells.length; base += stride) {
            sum += Double.longBitsToDouble((long) CELLS.getOpaque(cells, base + SUM));
        }
        return sum;
    }
}
