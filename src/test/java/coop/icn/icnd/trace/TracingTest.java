package coop.icn.icnd.trace;

import com.sun.net.httpserver.HttpServer;
import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;
import coop.icn.icnd.core.Supervisor;
import coop.icn.icnd.core.SupervisorConfig;
import coop.icn.icnd.core.SystemMetrics;
import coop.icn.icnd.obs.MetricFactory;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tracing in one JVM: OTLP export decoded by a real protobuf parser, context across mailboxes, MDC, config checks. */
class TracingTest {
    private static final String DID = "did:icn:zTestNode";

    @Test
    void otlpExportCarriesTheSpansWithTheirAttributesAndIsFlushedOnStop() throws Exception {
        List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            received.add(ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            TracingConfig config = new TracingConfig();
            config.setEnabled(true);
            config.setSamplingRatio(1.0);
            config.setEndpoint(URI.create("http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces"));
            Tracing tracing = Tracing.create(config, DID);
            Span span = tracing.tracer().spanBuilder("gossip.publish").setAttribute("icn.topic", "test:otlp").startSpan();
            span.end();

            tracing.stop();

            List<io.opentelemetry.proto.trace.v1.Span> spans = received.stream()
                    .flatMap(r -> r.getResourceSpansList().stream())
                    .flatMap(r -> r.getScopeSpansList().stream())
                    .flatMap(s -> s.getSpansList().stream()).toList();
            assertThat(spans).singleElement().satisfies(exported -> {
                assertThat(exported.getName()).isEqualTo("gossip.publish");
                assertThat(attributes(exported.getAttributesList())).contains("icn.node.did=" + DID, "icn.topic=test:otlp");
            });
            assertThat(attributes(received.get(0).getResourceSpans(0).getResource().getAttributesList()))
                    .contains("service.name=icnd", "icn.node.did=" + DID);
        } finally {
            collector.stop(0);
        }
    }

    private static List<String> attributes(List<KeyValue> list) {
        return list.stream().map(kv -> kv.getKey() + "=" + kv.getValue().getStringValue()).toList();
    }

    @Test
    void disabledTracingRecordsNothing() {
        Tracing tracing = Tracing.create(new TracingConfig(), DID);
        Span span = tracing.tracer().spanBuilder("x").startSpan();

        assertThat(tracing.isEnabled()).isFalse();
        assertThat(span.getSpanContext().isValid()).isFalse();
        assertThat(span.isRecording()).isFalse();
    }

    private static final class Probe extends Actor {
        Probe(ActorContext context) {
            super("probe", context);
        }
    }

    @Test
    void aMessageRunsInTheContextItWasSentInAndLogLinesNameTheSpan() throws Exception {
        Tracing.installLogContext();
        MetricFactory factory = new MetricFactory(new com.codahale.metrics.MetricRegistry(), 10);
        SystemMetrics system = new SystemMetrics(factory);
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        Supervisor supervisor = new Supervisor(new SupervisorConfig(), system, scheduler, io.dropwizard.util.Duration.seconds(1));
        Probe probe = new Probe(new ActorContext(factory, system, scheduler, 16));
        supervisor.supervise(probe);
        supervisor.start();
        try {
            SpanContext sent = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                    TraceFlags.getSampled(), TraceState.getDefault());
            CompletableFuture<String> seen = new CompletableFuture<>();
            CompletableFuture<String> mdc = new CompletableFuture<>();
            try (Scope ignored = Context.root().with(Span.wrap(sent)).makeCurrent()) {
                assertThat(MDC.get("trace_id")).isEqualTo(sent.getTraceId());
                probe.tell(() -> {
                    seen.complete(Span.current().getSpanContext().getSpanId());
                    mdc.complete(MDC.get("trace_id") + "/" + MDC.get("span_id"));
                });
            }
            assertThat(MDC.get("trace_id")).as("restored when the scope closes").isNull();
            assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo(sent.getSpanId());
            assertThat(mdc.get(5, TimeUnit.SECONDS)).isEqualTo(sent.getTraceId() + "/" + sent.getSpanId());
            CompletableFuture<Boolean> outside = new CompletableFuture<>();
            probe.tell(() -> outside.complete(Span.current().getSpanContext().isValid()));
            assertThat(outside.get(5, TimeUnit.SECONDS)).as("a message sent outside any span").isFalse();
        } finally {
            supervisor.stop();
            scheduler.shutdownNow();
        }
    }

    @Test
    void traceparentsRoundTripAndBadOnesStartANewTrace() {
        SpanContext span = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                TraceFlags.getSampled(), TraceState.getDefault());
        String traceparent = TraceContexts.traceparent(span);

        assertThat(traceparent).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        SpanContext back = Span.fromContext(TraceContexts.parent(traceparent)).getSpanContext();
        assertThat(back.getTraceId()).isEqualTo(span.getTraceId());
        assertThat(back.isRemote()).isTrue();
        for (String bad : new String[] {"", "nonsense", "00-zz-yy-01", null}) {
            assertThat(TraceContexts.parent(bad)).as(String.valueOf(bad)).isEqualTo(Context.root());
        }
        assertThat(TraceContexts.traceparent(SpanContext.getInvalid())).isEmpty();
    }

    @Test
    void invalidSettingsAreValidationErrors() {
        YamlConfigurationFactory<TracingConfig> factory = new YamlConfigurationFactory<>(TracingConfig.class,
                Validators.newValidator(), Jackson.newObjectMapper(), "tracing");
        for (String yaml : new String[] {"samplingRatio: 1.5", "samplingRatio: -0.1", "exporter: jaeger",
                "endpoint: ftp://x/y", "serviceName: ''"}) {
            assertThatThrownBy(() -> factory.build(new io.dropwizard.configuration.ConfigurationSourceProvider() {
                @Override
                public java.io.InputStream open(String path) {
                    return new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }, "test.yml")).as(yaml).isInstanceOf(io.dropwizard.configuration.ConfigurationException.class);
        }
    }
}
