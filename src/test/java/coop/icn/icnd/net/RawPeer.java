package coop.icn.icnd.net;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.identity.NodeIdentity;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven peer for tests: a real identity and TLS (so a node lets it in), then whatever
 * bytes the test writes. Records the type of every frame the node sends back, until told to
 * {@link #stopReading()}.
 */
public final class RawPeer implements AutoCloseable {
    /** Long enough that the node's idle timeout, not ours, is the one QUIC applies. */
    private static final long IDLE_TIMEOUT_MILLIS = TimeUnit.HOURS.toMillis(1);

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final NodeIdentity identity;
    private final Reader reader = new Reader();
    private long receiveWindowBytes = 4L * 1024 * 1024;
    private QuicStreamChannel stream;

    public RawPeer(NodeIdentity identity) {
        this.identity = identity;
    }

    public NodeIdentity identity() {
        return identity;
    }

    /**
     * How much the node may send on our stream before we read it (QUIC flow control); set before
     * connecting. A small window makes a peer that {@link #stopReading stops reading} stall at once.
     */
    public RawPeer receiveWindow(long bytes) {
        receiveWindowBytes = bytes;
        return this;
    }

    public RawPeer connect(NodeProcess node) throws Exception {
        String[] hostPort = node.quicAddress().split(":");
        return connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
    }

    public RawPeer connect(InetSocketAddress node) throws Exception {
        PeerTls tls = new PeerTls(identity, new TestMetrics().metrics);
        Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(QuicTransport.transportParameters(new QuicClientCodecBuilder(), IDLE_TIMEOUT_MILLIS)
                        .initialMaxStreamDataBidirectionalLocal(receiveWindowBytes)
                        .sslEngineProvider(tls::clientEngine).build())
                .bind(0).sync().channel();
        QuicChannel quic = QuicChannel.newBootstrap(udp)
                .handler(new ChannelInboundHandlerAdapter())
                .streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(node)
                .connect().get(10, TimeUnit.SECONDS);
        stream = quic.createStream(QuicStreamType.BIDIRECTIONAL, reader).get(10, TimeUnit.SECONDS);
        return this;
    }

    /** Writes one frame exactly as given: a version, a type code, a payload. */
    public void write(int version, int type, byte[] payload) throws InterruptedException {
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(2 + payload.length).writeByte(version).writeByte(type).writeBytes(payload);
        stream.writeAndFlush(frame).sync();
    }

    /** Writes a well-formed frame of {@code type} around {@code payload} (released). */
    public void send(MessageType type, ByteBuf payload) throws InterruptedException {
        stream.writeAndFlush(FrameCodec.encode(stream.alloc(), type, payload)).sync();
    }

    public void hello() throws InterruptedException {
        write(1, MessageType.HELLO.code(), helloPayload());
    }

    static byte[] helloPayload(byte... trailing) {
        ByteBuf payload = Unpooled.buffer();
        byte[] agent = "raw-test-peer".getBytes(StandardCharsets.UTF_8);
        // listen port 1, admin port 0 (unknown), instance 1, no advertised host, then the agent
        payload.writeShort(1).writeShort(0).writeLong(1).writeShort(0).writeShort(agent.length).writeBytes(agent)
                .writeBytes(trailing);
        byte[] bytes = new byte[payload.readableBytes()];
        payload.readBytes(bytes);
        return bytes;
    }

    public List<Integer> receivedTypes() {
        return reader.types();
    }

    public boolean isConnected() {
        return stream.parent().isActive();
    }

    /**
     * Reads nothing more, as a frozen peer: what the node sends stays unread in QUIC's receive
     * buffer, so the flow-control window the node may fill closes and is never opened again.
     */
    public void stopReading() throws Exception {
        stream.eventLoop().submit(() -> stream.config().setAutoRead(false)).get(10, TimeUnit.SECONDS);
    }

    /** The idle timeout the node announced in its QUIC transport parameters, in milliseconds. */
    public long nodeIdleTimeoutMillis() {
        return stream.parent().peerTransportParameters().maxIdleTimeout();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static final class Reader extends ChannelInboundHandlerAdapter {
        private final ByteBuf pending = Unpooled.buffer();
        private final List<Integer> types = new ArrayList<>();

        @Override
        public synchronized void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            pending.writeBytes(bytes);
            bytes.release();
            while (pending.readableBytes() >= 4 && pending.readableBytes() >= 4 + pending.getInt(pending.readerIndex())) {
                int length = pending.readInt();
                ByteBuf frame = pending.readSlice(length);
                types.add((int) frame.getUnsignedByte(1));
            }
            pending.discardReadBytes();
        }

        synchronized List<Integer> types() {
            return List.copyOf(types);
        }
    }
}
