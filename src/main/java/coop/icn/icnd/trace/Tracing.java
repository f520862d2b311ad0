package coop.icn.icnd.trace;

import io.dropwizard.lifecycle.Managed;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zipkin2.reporter.urlconnection.URLConnectionSender;

import java.util.concurrent.TimeUnit;

/**
 * The node's tracing: an OpenTelemetry SDK exporting to OTLP or Zipkin with a parent-based ratio
 * sampler when {@code tracing.enabled}, the no-op API otherwise (no exporter thread, nothing
 * recorded, a few nanoseconds per span). Every span carries {@code icn.node.did}. Managed:
 * pending spans are flushed when the node stops, after the actors that make them.
 */
public final class Tracing implements Managed {
    public static final String INSTRUMENTATION = "coop.icn.icnd";
    public static final AttributeKey<String> NODE_DID = AttributeKey.stringKey("icn.node.did");
    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);

    private final OpenTelemetry openTelemetry;
    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private Tracing(OpenTelemetry openTelemetry, SdkTracerProvider provider) {
        this.openTelemetry = openTelemetry;
        this.provider = provider;
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
    }

    /** Tracing off: the no-op API. */
    public static Tracing disabled() {
        return new Tracing(OpenTelemetry.noop(), null);
    }

    /** Log lines name the current span ({@code %X{trace_id}}); call before anything uses a trace context. */
    public static void installLogContext() {
        coop.icn.icnd.core.MdcContextStorage.install();
    }

    public static Tracing create(TracingConfig config, String nodeDid) {
        installLogContext();
        if (!config.isEnabled()) {
            return disabled();
        }
        SpanExporter exporter = switch (config.getExporter()) {
            case OTLP -> OtlpHttpSpanExporter.builder().setEndpoint(config.getEndpoint().toString()).build();
            case ZIPKIN -> ZipkinSpanExporter.builder()
                    .setSender(URLConnectionSender.create(config.getEndpoint().toString())).build();
        };
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), config.getServiceName(), NODE_DID, nodeDid))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.getSamplingRatio())))
                .addSpanProcessor(new NodeDidProcessor(nodeDid))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        OpenTelemetry sdk = OpenTelemetrySdk.builder().setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        LOG.info("tracing to {} ({}), sampling {}", config.getEndpoint(), config.getExporter(), config.getSamplingRatio());
        return new Tracing(sdk, provider);
    }

    public Tracer tracer() {
        return tracer;
    }

    public boolean isEnabled() {
        return provider != null;
    }

    @Override
    public void stop() {
        if (provider != null) {
            CompletableResultCode done = provider.shutdown().join(10, TimeUnit.SECONDS);
            if (!done.isSuccess()) {
                LOG.warn("some spans could not be exported before shutdown");
            }
        }
    }

    /** The attribute every span of this node carries, also where a backend shows only span attributes. */
    private record NodeDidProcessor(String did) implements SpanProcessor {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
            span.setAttribute(NODE_DID, did);
        }

        @Override
        public boolean isStartRequired() {
            return true;
        }

        @Override
        public void onEnd(ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }
}
