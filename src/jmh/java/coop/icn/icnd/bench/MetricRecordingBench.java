package coop.icn.icnd.bench;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import coop.icn.icnd.obs.BucketHistogram;
import coop.icn.icnd.obs.Labelled;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
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

    @Setup
    public void setUp() {
        MetricFactory factory = new MetricFactory(new MetricRegistry(), 100);
        bare = new LongAdder();
        counter = factory.counter(MetricCatalogue.NETWORK_MESSAGES_SENT);
        labelled = factory.labelledCounter(MetricCatalogue.SYSTEM_ACTOR_RESTARTS);
        labelledChild = labelled.labels("gossip");
        histogram = factory.histogram(MetricCatalogue.LEDGER_TRANSACTION_AMOUNT);
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

    @Benchmark
    public void bucketHistogram() {
        histogram.observe(1234);
    }
}
