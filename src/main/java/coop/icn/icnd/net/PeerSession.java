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
    private final PeerMetrics.Counters counters;
    private final SendBacklog backlog;
    private volatile QuicStreamChannel stream;
    private volatile Hello hello;
    private volatile boolean closing;

    PeerSession(QuicChannel connection, Direction direction, Did peer, DialTarget target, NetworkMetrics metrics,
                long maxPendingBytes) {
        this.connection = connection;
        this.direction = direction;
        this.peer = peer;
        this.target = target;
        this.metrics = metrics;
        this.counters = metrics.peers.forPeer(peer);
        this.backlog = new SendBacklog(maxPendingBytes);
    }

    /** This peer's own series, bound once for the event loop. */
    PeerMetrics.Counters counters() {
        return counters;
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

    /** False as soon as this node has closed it, before Netty's event loop has done so. */
    @Override
    public boolean isOpen() {
        return !closing && connection.isActive();
    }

    @Override
    public long backloggedNanos(long nowNanos) {
        return backlog.backloggedNanos(nowNanos);
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

    @Override
    public long peerInstance() {
        return hello.instance();
    }

    /**
     * Where the peer listens: its hello's port at the host it advertised, or else at the address
     * its connection came from (a node bound to 0.0.0.0 cannot know which of its addresses a
     * peer reaches).
     */
    @Override
    public PeerAddress dialAddress() {
        return hostOf(hello == null ? 0 : hello.listenPort());
    }

    /** Where Prometheus can scrape the peer: its hello's admin port, at its dial host; null when unknown. */
    PeerAddress scrapeAddress() {
        return hostOf(hello == null ? 0 : hello.adminPort());
    }

    private PeerAddress hostOf(int port) {
        Hello h = hello;
        InetSocketAddress remote = (InetSocketAddress) connection.remoteSocketAddress();
        if (h == null || remote == null || port == 0) {
            return null;
        }
        String host = h.advertiseHost().isEmpty() ? remote.getAddress().getHostAddress() : h.advertiseHost();
        return new PeerAddress(java.util.Optional.of(peer), host, port);
    }

    /** What {@code GET /v1/peers} shows of this session, established {@code since}. */
    NetworkActor.PeerView view(Instant since, double rttSeconds) {
        PeerAddress address = dialAddress();
        Hello h = hello;
        return new NetworkActor.PeerView(peer.value(), address == null ? null : address.hostPort(),
                direction.name().toLowerCase(Locale.ROOT), String.valueOf(since),
                Double.isNaN(rttSeconds) ? null : rttSeconds, h == null ? null : h.agent());
    }

    /** Writes one frame and flushes; see {@link #send(MessageType, ByteBuf, boolean)}. */
    @Override
    public boolean send(MessageType type, ByteBuf payload) {
        return send(type, payload, true);
    }

    /**
     * Writes one frame, flushing only when asked: a burst of frames flushed once leaves in
     * fewer QUIC packets and costs fewer event-loop wake-ups. Returns false, and releases the
     * payload, when there is no stream yet or the frame would take the peer's backlog over
     * {@code network.maxPendingBytes}. The traffic counters move only once the stream took it.
     */
    boolean send(MessageType type, ByteBuf payload, boolean flush) {
        QuicStreamChannel s = stream;
        int bytes = FrameCodec.LENGTH_BYTES + FrameCodec.HEADER_BYTES + payload.readableBytes();
        if (s == null || !backlog.reserve(bytes, System.nanoTime())) {
            payload.release();
            if (s != null && flush) {
                s.flush(); // the frames of the burst written before this one still go
            }
            return false;
        }
        ByteBuf frame = FrameCodec.encode(s.alloc(), type, payload);
        ChannelFuture write = flush ? s.writeAndFlush(frame) : s.write(frame);
        write.addListener(written -> {
            backlog.release(bytes);
            if (written.isSuccess()) {
                metrics.sent(type, bytes);
                counters.sent(bytes);
            }
        });
        return true;
    }

    @Override
    public void ping(long sentNanos, ByteBuf data, boolean flush) {
        send(MessageType.PING, new Ping(sentNanos, data).encode(connection.alloc()), flush);
    }

    @Override
    public ChannelFuture close(int applicationError, String reason) {
        closing = true;
        return connection.close(true, applicationError, connection.alloc().buffer().writeBytes(
                reason.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "PeerSession[" + peer + " " + direction + " " + connection.remoteSocketAddress() + "]";
    }
}
