package coop.icn.icnd.bench;

import coop.icn.icnd.trace.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * One hot-path span (shaped like {@code gossip.verify}: a kind, three attributes, made current
 * for its work, ended) with tracing off (the no-op API the node uses when
 * {@code tracing.enabled: false}), and with the SDK sampling 0.1 and 1.0 of new traces into a
 * batch processor whose exporter discards: the cost of recording, not of the network (the
 * cluster benchmark measures export too). {@link #none} is the same work without a span, the
 * build without tracing. The node's log context is installed, as in the node.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SpanCostBench {
    private static final AttributeKey<String> TOPIC = AttributeKey.stringKey("icn.topic");
    private static final AttributeKey<String> ENTRY = AttributeKey.stringKey("icn.entry.hash");
    private static final AttributeKey<String> PEER = AttributeKey.stringKey("icn.peer.did");
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    /** off, or the sampling ratio of new traces. */
    @Param({"off", "0.1", "1.0"})
    public String tracing;

    private Tracer tracer;
    private SdkTracerProvider provider;

    private static final class Discarding implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @Setup
    public void setUp() {
        Tracing.installLogContext();
        if (tracing.equals("off")) {
            tracer = OpenTelemetry.noop().getTracer("icnd");
            return;
        }
        provider = SdkTracerProvider.builder()
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(Double.parseDouble(tracing))))
                .addSpanProcessor(BatchSpanProcessor.builder(new Discarding()).build())
                .build();
        tracer = provider.get("icnd");
    }

    @TearDown
    public void tearDown() {
        if (provider != null) {
            provider.close();
        }
    }

    @Benchmark
    public void none(Blackhole hole) {
        hole.consume(TOPIC);
        hole.consume(HASH);
        hole.consume(DID);
    }

    @Benchmark
    public void span(Blackhole hole) {
        Span span = tracer.spanBuilder("gossip.verify").setSpanKind(SpanKind.CONSUMER)
                .setAttribute(TOPIC, "bench:topic").setAttribute(ENTRY, HASH).setAttribute(PEER, DID).startSpan();
        try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
            hole.consume(Span.current().getSpanContext().isSampled());
        } finally {
            span.end();
        }
    }
}
