package coop.icn.icnd.obs;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Real spans from the OpenTelemetry SDK, for tests of exemplars. It has a span processor: a
 * provider without one hands out unsampled spans, which would leave no exemplar.
 */
public final class TestTracer implements AutoCloseable {
    private final SdkTracerProvider provider;

    private TestTracer(Sampler sampler) {
        provider = SdkTracerProvider.builder().setSampler(sampler)
                .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build();
    }

    /** Every span sampled. */
    public static TestTracer sampling() {
        return new TestTracer(Sampler.alwaysOn());
    }

    /** Spans that exist but are never sampled. */
    public static TestTracer notSampling() {
        return new TestTracer(Sampler.alwaysOff());
    }

    /** Runs {@code work} on this thread with a new span current, and returns that span's context. */
    public SpanContext inSpan(String name, Runnable work) {
        Span span = provider.get("icnd-test").spanBuilder(name).startSpan();
        Scope current = span.makeCurrent();
        try {
            work.run();
        } finally {
            current.close();
            span.end();
        }
        return span.getSpanContext();
    }

    @Override
    public void close() {
        provider.close();
    }
}
