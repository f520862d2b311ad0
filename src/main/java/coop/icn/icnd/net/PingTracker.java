package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import io.netty.buffer.Unpooled;
import io.opentelemetry.context.Context;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Matches pongs to the pings of {@code POST /v1/peers/{did}/ping} requests. A pong echoes its
 * ping's send time, so every ping this node sends, keep-alives too, gets a value never used
 * before, and that value finds the request.
 *
 * <p>Touched only by the network actor's thread, so unsynchronised.
 */
final class PingTracker {
    private final LongSupplier clock;
    private final Map<Long, Request> bySentNanos = new HashMap<>();
    private long lastPingNanos;

    /** {@code clock} is {@code System::nanoTime} but in tests. */
    PingTracker(LongSupplier clock) {
        this.clock = clock;
    }

    /** The value for the next ping: the clock, or one past the last value when the clock has not moved on. */
    long nextPingNanos() {
        lastPingNanos = Math.max(clock.getAsLong(), lastPingNanos + 1);
        return lastPingNanos;
    }

    /**
     * Sends {@code count} pings of {@code size} bytes over {@code link}, flushed once; the
     * result completes when all are answered or at {@link #finish}.
     */
    Request send(PeerLink link, int count, int size, CompletableFuture<NetworkActor.PingResult> result) {
        Request request = new Request(link.peer(), count, result);
        byte[] data = new byte[size];
        for (int i = 0; i < count; i++) {
            long sent = nextPingNanos();
            bySentNanos.put(sent, request);
            request.pending.add(sent);
            link.ping(sent, Unpooled.wrappedBuffer(data), i == count - 1);
        }
        return request;
    }

    /**
     * The trace context the ping of {@code sentNanos} was sent in (its RPC request's), so its
     * round-trip time is observed there and can be that trace's exemplar; root for a keep-alive.
     */
    Context context(long sentNanos) {
        Request request = bySentNanos.get(sentNanos);
        return request == null ? Context.root() : request.context;
    }

    /** A pong came back; the request it answers completes when it was the last one out. */
    void answered(long sentNanos, double rttSeconds) {
        Request request = bySentNanos.remove(sentNanos);
        if (request == null) {
            return; // a keep-alive, or a ping whose request has timed out
        }
        request.pending.remove(sentNanos);
        request.rtts.add(rttSeconds);
        if (request.pending.isEmpty()) {
            finish(request);
        }
    }

    /** Time is up: completes the request with the pongs it has; later ones are ignored. */
    void finish(Request request) {
        request.pending.forEach(bySentNanos::remove);
        request.result.complete(new NetworkActor.PingResult(request.peer.value(), request.count,
                request.rtts.size(), List.copyOf(request.rtts)));
    }

    /** The pings of one request, and the future to complete when all are answered or time runs out. */
    static final class Request {
        private final Did peer;
        private final int count;
        private final CompletableFuture<NetworkActor.PingResult> result;
        private final Set<Long> pending = new HashSet<>();
        private final List<Double> rtts = new ArrayList<>();
        private final Context context = Context.current();

        private Request(Did peer, int count, CompletableFuture<NetworkActor.PingResult> result) {
            this.peer = peer;
            this.count = count;
            this.result = result;
        }
    }
}
