package coop.icn.icnd.bench;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import coop.icn.icnd.obs.BucketHistogram;
import coop.icn.icnd.obs.Labelled;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cost of recording one event through the catalogue helpers, next to a bare LongAdder in the
 * same run. One shared metric: run with {@code -t 1} and {@code -t 2} (the profile does both).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricRecordingBench {
    private LongAdder bare;
    private Counter counter;
    private Counter labelledChild;
    private Labelled<Counter> labelled;
    private BucketHistogram histogram;
    private BucketHistogram latency;

    @Setup
    public void setUp() {
        MetricFactory factory = new MetricFactory(new MetricRegistry(), 100);
        bare = new LongAdder();
        counter = factory.counter(MetricCatalogue.NETWORK_MESSAGES_SENT);
        labelled = factory.labelledCounter(MetricCatalogue.SYSTEM_ACTOR_RESTARTS);
        labelledChild = labelled.labels("gossip");
        histogram = factory.histogram(MetricCatalogue.LEDGER_TRANSACTION_AMOUNT);
        latency = factory.histogram(MetricCatalogue.GOSSIP_PROPAGATION);
    }

    /**
     * A sampled span current on each benchmark thread, as on a traced component's thread. The
     * histogram reads only the span's context, so a wrapped context costs it what an SDK span does.
     */
    @State(Scope.Thread)
    public static class InSampledSpan {
        private io.opentelemetry.context.Scope current;

        @Setup(Level.Iteration)
        public void enter() {
            SpanContext context = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                    TraceFlags.getSampled(), TraceState.getDefault());
            current = Span.wrap(context).makeCurrent();
        }

        @TearDown(Level.Iteration)
        public void exit() {
            current.close();
        }
    }

    @Benchmark
    public void baselineLongAdder() {
        bare.increment();
    }

    /** The hot path: a counter bound once, as every component holds it. */
    @Benchmark
    public void catalogueCounter() {
        counter.inc();
    }

    /** A labelled child resolved once and kept. */
    @Benchmark
    public void labelledChildBound() {
        labelledChild.inc();
    }

    /** A labelled child looked up per event (label value known only at the call). */
    @Benchmark
    public void labelledLookup() {
        labelled.labels("gossip").inc();
    }

    /** A histogram without exemplars (an amount): the path every histogram took before exemplars. */
    @Benchmark
    public void bucketHistogram() {
        histogram.observe(1234);
    }

    /** A latency histogram with exemplars, no span current: the node with tracing off. */
    @Benchmark
    public void latencyHistogramNoSpan() {
        latency.observe(0.02);
    }

    /** The same inside a sampled span: the exemplar check on every call, a new exemplar at most every 7 s. */
    @Benchmark
    public void latencyHistogramSampledSpan(InSampledSpan span) {
        latency.observe(0.02);
    }
}
