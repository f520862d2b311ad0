package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Locale;

/**
 * One authenticated connection to one peer: a QUIC connection and the single long-lived
 * bidirectional stream that carries all frames both ways (a stream per message costs 2.5x).
 * Its stream and hello are set on the event loop; what the network actor keeps about an
 * established session is in its {@link SessionTable}.
 */
final class PeerSession implements PeerLink {
    final QuicChannel connection;
    /** Set when this node dialled from a known target, to tell it how the dial ended. */
    final DialTarget target;
    private final Direction direction;
    private final Did peer;
    private final long openedNanos = System.nanoTime();
    private final NetworkMetrics metrics;
    private volatile QuicStreamChannel stream;
    private volatile Hello hello;

    PeerSession(QuicChannel connection, Direction direction, Did peer, DialTarget target, NetworkMetrics metrics) {
        this.connection = connection;
        this.direction = direction;
        this.peer = peer;
        this.target = target;
        this.metrics = metrics;
    }

    @Override
    public Did peer() {
        return peer;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    @Override
    public long openedNanos() {
        return openedNanos;
    }

    @Override
    public boolean isOpen() {
        return connection.isActive();
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

    /** What {@code GET /v1/peers} shows of this session, established {@code since}. */
    NetworkActor.PeerView view(Instant since, double rttSeconds) {
        InetSocketAddress address = listenAddress();
        Hello h = hello;
        return new NetworkActor.PeerView(peer.value(), address == null ? null : address.getHostString() + ":" + address.getPort(),
                direction.name().toLowerCase(Locale.ROOT), String.valueOf(since),
                Double.isNaN(rttSeconds) ? null : rttSeconds, h == null ? null : h.agent());
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

    @Override
    public void ping(long sentNanos, ByteBuf data, boolean flush) {
        send(MessageType.PING, new Ping(sentNanos, data).encode(connection.alloc()), flush);
    }

    @Override
    public ChannelFuture close(int applicationError, String reason) {
        return connection.close(true, applicationError, connection.alloc().buffer().writeBytes(
                reason.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "PeerSession[" + peer + " " + direction + " " + connection.remoteSocketAddress() + "]";
    }
}
