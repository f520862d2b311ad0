package coop.icn.icnd.rpc;

import coop.icn.icnd.trace.TraceContexts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;


/**
 * One SERVER span per RPC request, named by its route template ({@code POST
 * /v1/topics/{topic}/entries}), never by the raw path, continuing the caller's
 * {@code traceparent} header when it sends one. The span is current from the resource method
 * to the end of the request, so what it asks of the actors (publish, transfer) is traced as its
 * children, and the request's duration, observed after the method, takes it as its exemplar.
 */
public final class RpcTracing implements ApplicationEventListener {
    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

    private final Tracer tracer;
    private final RouteTemplates templates;

    public RpcTracing(Tracer tracer, RouteTemplates templates) {
        this.tracer = tracer;
        this.templates = templates;
    }

    @Override
    public void onEvent(ApplicationEvent event) {
    }

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        return new RequestEventListener() {
            private Span span;
            private Scope scope;

            @Override
            public void onEvent(RequestEvent event) {
                switch (event.getType()) {
                    case RESOURCE_METHOD_START -> {
                        String method = event.getContainerRequest().getMethod();
                        String route = templates.of(event.getUriInfo().getMatchedResourceMethod());
                        span = tracer.spanBuilder(method + " " + route).setSpanKind(SpanKind.SERVER)
                                .setParent(TraceContexts.parent(event.getContainerRequest().getHeaderString("traceparent")))
                                .setAttribute(METHOD, method).setAttribute(ROUTE, route).startSpan();
                        scope = span.makeCurrent();
                    }
                    case FINISHED -> {
                        // current until here: the request's duration is observed in it (an exemplar), after the method
                        if (scope != null) {
                            scope.close();
                        }
                        if (span != null) {
                            int status = event.getContainerResponse() == null ? 500 : event.getContainerResponse().getStatus();
                            span.setAttribute(STATUS, (long) status);
                            if (status >= 500) {
                                span.setStatus(StatusCode.ERROR);
                            }
                            span.end();
                        }
                    }
                    default -> {
                    }
                }
            }
        };
    }
}
