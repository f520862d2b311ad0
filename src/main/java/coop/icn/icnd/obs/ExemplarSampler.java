package coop.icn.icnd.obs;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The exemplars of one {@link BucketHistogram}: per bucket, the trace and span of a sampled
 * span that observed a value there, with that value and the time, so an OpenMetrics scrape can
 * link the bucket to its trace ({@code docs/metrics.md}).
 *
 * <p>The span is whatever {@link Span#current()} is on the observing thread, so no call site
 * passes one. A bucket takes at most one new exemplar per scrape: its exemplar is replaced only
 * once a snapshot has read it. An exemplar no scrape has seen yet would be lost if replaced,
 * and the limit needs no clock: a clock read on every sampled observation cost more than the
 * rest of {@code observe} together ({@code docs/metrics.md}). The first sampled observation of
 * a bucket, and the first after each scrape, always lands; that is also how a test sees the
 * span it just made.
 */
final class ExemplarSampler {
    /** One bucket's exemplar, and whether a snapshot has read it (then the next sampled observation replaces it). */
    private static final class Slot {
        final BucketHistogram.Exemplar exemplar;
        volatile boolean read;

        Slot(BucketHistogram.Exemplar exemplar) {
            this.exemplar = exemplar;
        }
    }

    private final AtomicReferenceArray<Slot> slots;

    ExemplarSampler(int buckets) {
        this.slots = new AtomicReferenceArray<>(buckets);
    }

    /**
     * Called on every observation. The slot first: while it holds an exemplar no scrape has read,
     * nothing can land, and two volatile reads (plain loads on x86) settle it without the
     * thread-local lookup of the current span.
     */
    void offer(int bucket, double value) {
        Slot previous = slots.get(bucket);
        if (previous != null && !previous.read) {
            return;
        }
        SpanContext span = Span.current().getSpanContext();
        if (!span.isSampled()) {
            return;
        }
        // of two threads racing for the slot one wins: still one new exemplar per scrape
        slots.compareAndSet(bucket, previous, new Slot(new BucketHistogram.Exemplar(
                span.getTraceId(), span.getSpanId(), value, System.currentTimeMillis())));
    }

    /** The exemplar of each bucket (null where none), each now open to replacement. */
    BucketHistogram.Exemplar[] snapshot() {
        BucketHistogram.Exemplar[] exemplars = new BucketHistogram.Exemplar[slots.length()];
        for (int i = 0; i < exemplars.length; i++) {
            Slot slot = slots.get(i);
            if (slot != null) {
                slot.read = true;
                exemplars[i] = slot.exemplar;
            }
        }
        return exemplars;
    }
}
