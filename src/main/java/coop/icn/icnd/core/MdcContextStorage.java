package coop.icn.icnd.core;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import org.slf4j.MDC;

/**
 * Puts {@code trace_id} and {@code span_id} in the logging MDC whenever a context with a valid
 * span becomes current, and restores what was there when its scope closes: every log line
 * written while a span is current names it, whatever thread (actor, verifier, Jetty) it is on.
 */
public final class MdcContextStorage implements ContextStorage {
    static final String TRACE_ID = "trace_id";
    static final String SPAN_ID = "span_id";
    private static volatile boolean installed;

    private final ContextStorage delegate;

    private MdcContextStorage(ContextStorage delegate) {
        this.delegate = delegate;
    }

    /**
     * Once per JVM, before the first context is made current: OpenTelemetry fixes its storage on
     * first use, so {@link Actor} (the first user) installs it as it loads.
     */
    public static synchronized void install() {
        if (!installed) {
            ContextStorage.addWrapper(MdcContextStorage::new);
            installed = true;
        }
    }

    @Override
    public Scope attach(Context toAttach) {
        Scope scope = delegate.attach(toAttach);
        SpanContext span = Span.fromContext(toAttach).getSpanContext();
        String previousTrace = MDC.get(TRACE_ID);
        String previousSpan = MDC.get(SPAN_ID);
        if (!span.isValid() && previousTrace == null && previousSpan == null) {
            // nothing to write or restore: with tracing off every context is this case, and an MDC write is dear
            return scope;
        }
        if (span.isValid()) {
            MDC.put(TRACE_ID, span.getTraceId());
            MDC.put(SPAN_ID, span.getSpanId());
        } else {
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
        }
        return () -> {
            restore(TRACE_ID, previousTrace);
            restore(SPAN_ID, previousSpan);
            scope.close();
        };
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    @Override
    public Context current() {
        return delegate.current();
    }
}
