package coop.icn.icnd.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

import java.util.List;

/**
 * W3C {@code traceparent} to and from a trace context, for what carries one beside the signed
 * content (a gossip entry on the wire, an RPC request header). A missing or malformed one gives
 * the root context: a new trace, never an error.
 */
public final class TraceContexts {
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final String HEADER = "traceparent";
    private static final TextMapSetter<String[]> SETTER = (carrier, key, value) -> {
        if (HEADER.equals(key) && carrier != null) {
            carrier[0] = value;
        }
    };
    private static final TextMapGetter<String> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };

    private TraceContexts() {
    }

    /** The traceparent of {@code span}, or "" when it has no valid context (tracing off). */
    public static String traceparent(SpanContext span) {
        if (!span.isValid()) {
            return "";
        }
        String[] out = {""};
        W3C.inject(Context.root().with(Span.wrap(span)), out, SETTER);
        return out[0];
    }

    /** The remote parent a traceparent names, or the root context. */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isEmpty()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), traceparent, GETTER);
    }
}
