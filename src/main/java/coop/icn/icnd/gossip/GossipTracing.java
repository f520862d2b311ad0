package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.net.MessageType;
import coop.icn.icnd.net.PeerMessenger;
import coop.icn.icnd.trace.TraceContexts;
import io.netty.buffer.ByteBuf;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spans of gossip, and the trace context each recent entry travels with. An entry's trace
 * starts where it is published ({@code gossip.publish}); a node that receives it verifies it in
 * a span whose parent is the sender's context ({@code gossip.verify}), stores it
 * ({@code gossip.store}) and, when it announces it onward, forwards it ({@code gossip.forward}):
 * the context it then sends with the entry. Every message written or read is a
 * {@code gossip.send}/{@code gossip.receive} span. The span names, kinds and attributes are the
 * README's span table.
 *
 * <p>The recent contexts belong to the gossip actor's thread; with tracing off every span is the
 * no-op one and nothing is remembered.
 */
final class GossipTracing {
    static final AttributeKey<String> TOPIC = AttributeKey.stringKey("icn.topic");
    static final AttributeKey<String> ENTRY = AttributeKey.stringKey("icn.entry.hash");
    static final AttributeKey<String> PEER = AttributeKey.stringKey("icn.peer.did");
    static final AttributeKey<String> MESSAGE = AttributeKey.stringKey("icn.message.type");
    static final AttributeKey<Long> ENTRIES = AttributeKey.longKey("icn.entries");
    /** Entries whose context is kept to send along with them: about a busy minute's worth. */
    private static final int RECENT = 16_384;
    /** Links one commit span records; a larger batch links its first ones. */
    private static final int MAX_LINKS = 128;

    private final Tracer tracer;
    private final Map<String, SpanContext> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SpanContext> eldest) {
            return size() > RECENT;
        }
    };

    GossipTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** On the publisher's thread, a child of its context (the RPC request). */
    Span publish(String topic) {
        return tracer.spanBuilder("gossip.publish").setSpanKind(SpanKind.INTERNAL).setAttribute(TOPIC, topic).startSpan();
    }

    Span sign(Span publish) {
        return tracer.spanBuilder("gossip.sign").setParent(Context.current().with(publish)).startSpan();
    }

    /** A received entry's verification: a child of the context it came with, linked to the message. */
    Span verify(Entry entry, String traceparent, Did from) {
        SpanBuilder builder = tracer.spanBuilder("gossip.verify").setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceContexts.parent(traceparent))
                .setAttribute(TOPIC, entry.topic()).setAttribute(ENTRY, entry.hashHex()).setAttribute(PEER, from.value());
        SpanContext message = Span.current().getSpanContext();
        if (message.isValid()) {
            builder.addLink(message);
        }
        return builder.startSpan();
    }

    static void refused(Span span, RejectReason reason) {
        span.setStatus(StatusCode.ERROR, reason.label());
        span.end();
    }

    /** From verification to commit: the propagation histogram is observed inside it. */
    Span store(Span verify) {
        return tracer.spanBuilder("gossip.store").setParent(Context.root().with(verify)).startSpan();
    }

    /** The entry goes on to other peers: its context from here on is this span's. */
    void forward(Entry entry, Span store, int peers) {
        Span forward = tracer.spanBuilder("gossip.forward").setSpanKind(SpanKind.PRODUCER)
                .setParent(Context.root().with(store)).setAttribute(ENTRY, entry.hashHex())
                .setAttribute(ENTRIES, (long) peers).startSpan();
        remember(entry, forward.getSpanContext());
        forward.end();
    }

    void remember(Entry entry, SpanContext context) {
        if (context.isValid()) {
            recent.put(entry.hashHex(), context);
        }
    }

    /** What to send with an entry: the context this node last had for it, or "". */
    String traceparent(Entry entry) {
        SpanContext context = recent.get(entry.hashHex());
        return context == null ? "" : TraceContexts.traceparent(context);
    }

    /** One span per batch written, linked to the entries' own spans. */
    Span commit(List<WriteBatcher.Pending> batch) {
        SpanBuilder builder = tracer.spanBuilder("store.commit").setAttribute(ENTRIES, (long) batch.size())
                .setNoParent();
        int links = 0;
        for (WriteBatcher.Pending pending : batch) {
            SpanContext context = pending.span().getSpanContext();
            if (context.isValid() && links++ < MAX_LINKS) {
                builder.addLink(context);
            }
        }
        return builder.startSpan();
    }

    /** A span around each frame written: what the protocols send goes through this. */
    PeerMessenger traced(PeerMessenger messenger) {
        return new PeerMessenger() {
            @Override
            public boolean send(Did peer, MessageType type, ByteBuf payload) {
                Span span = tracer.spanBuilder("gossip.send").setSpanKind(SpanKind.PRODUCER)
                        .setAttribute(MESSAGE, type.label()).setAttribute(PEER, peer.value()).startSpan();
                try {
                    return messenger.send(peer, type, payload);
                } finally {
                    span.end();
                }
            }

            @Override
            public List<Did> connectedPeers() {
                return messenger.connectedPeers();
            }
        };
    }

    /**
     * A message read from {@code from}: {@code handling} (which queues the work on the actor) runs
     * with the receive span current, so the work is its child; the span ends when the work does.
     */
    Span receive(MessageType type, Did from) {
        return tracer.spanBuilder("gossip.receive").setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGE, type.label()).setAttribute(PEER, from.value()).startSpan();
    }

    static Scope current(Span span) {
        return span.makeCurrent();
    }
}
