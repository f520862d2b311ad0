package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One authenticated connection to one peer: a QUIC connection and the single long-lived
 * bidirectional stream that carries all frames both ways (a stream per message costs 2.5x,
 * {@code notes/quic.md}). Its channel fields are set on the event loop; the bookkeeping fields
 * below them belong to the network actor.
 */
final class PeerSession {
    enum Direction { INBOUND, OUTBOUND }

    final QuicChannel connection;
    final Direction direction;
    final Did peer;
    final long openedNanos = System.nanoTime();
    final Instant openedAt = Instant.now();
    /** Set when this node dialled from a known target, to tell it how the dial ended. */
    final DialTarget target;
    private final NetworkMetrics metrics;
    private volatile QuicStreamChannel stream;
    private volatile Hello hello;

    // owned by the network actor
    Instant establishedAt;
    long establishedNanos;
    long lastPongNanos;
    double rttSeconds = Double.NaN;
    boolean replaced;

    PeerSession(QuicChannel connection, Direction direction, Did peer, DialTarget target, NetworkMetrics metrics) {
        this.connection = connection;
        this.direction = direction;
        this.peer = peer;
        this.target = target;
        this.metrics = metrics;
    }

    /** The DID that opened this connection: the one that decides which duplicate survives. */
    Did dialer(Did self) {
        return direction == Direction.OUTBOUND ? self : peer;
    }

    void attach(QuicStreamChannel stream) {
        this.stream = stream;
    }

    boolean hasStream() {
        return stream != null;
    }

    void hello(Hello hello) {
        this.hello = hello;
    }

    Hello hello() {
        return hello;
    }

    /** The address the peer listens on: its hello's port at the address it connected from. */
    InetSocketAddress listenAddress() {
        InetSocketAddress remote = (InetSocketAddress) connection.remoteSocketAddress();
        Hello h = hello;
        return h == null || remote == null ? remote : new InetSocketAddress(remote.getAddress(), h.listenPort());
    }

    /** Writes one frame and flushes; the traffic counters move only once it is written. */
    ChannelFuture send(MessageType type, ByteBuf payload) {
        return send(type, payload, true);
    }

    /**
     * Writes one frame, flushing only when asked: a burst of frames flushed once leaves in
     * fewer QUIC packets and costs fewer event-loop wake-ups.
     */
    ChannelFuture send(MessageType type, ByteBuf payload, boolean flush) {
        QuicStreamChannel s = stream;
        if (s == null) {
            payload.release();
            return connection.newFailedFuture(new IllegalStateException("no stream to " + peer + " yet"));
        }
        ByteBuf frame = FrameCodec.encode(s.alloc(), type, payload);
        int bytes = frame.readableBytes();
        ChannelFuture write = flush ? s.writeAndFlush(frame) : s.write(frame);
        return write.addListener(written -> {
            if (written.isSuccess()) {
                metrics.sent(type, bytes);
            }
        });
    }

    ChannelFuture close(int applicationError, String reason) {
        return connection.close(true, applicationError, connection.alloc().buffer().writeBytes(
                reason.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "PeerSession[" + peer + " " + direction + " " + connection.remoteSocketAddress() + "]";
    }
}
