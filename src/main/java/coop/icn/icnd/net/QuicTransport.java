package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The Netty side of the network: one UDP socket accepting QUIC connections on
 * {@code network.listen}, one for dialling out, and the per-connection wiring that turns a QUIC
 * connection into a {@link PeerSession}. Policy (whom to dial, duplicates, keep-alive) is the
 * {@link NetworkActor}'s, in its {@link Dialler}, {@link SessionTable} and {@link KeepAlive}; this
 * class only reports what happens through {@link SessionListener}.
 */
final class QuicTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuicTransport.class);
    static final AttributeKey<PeerSession> SESSION = AttributeKey.valueOf("icn.session");
    static final AttributeKey<DialTarget> TARGET = AttributeKey.valueOf("icn.target");
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    private final PeerTls tls;
    private final NetworkMetrics metrics;
    private final SessionListener listener;
    private final int maxFrameBytes;
    private final long maxPendingBytes;
    private final long idleTimeoutMillis;
    private final java.util.function.Function<MessageType, MessageHandler> handlers;
    private final EventLoopGroup group;
    /** Our hello for a new connection, given the bound port: the admin port may be known only later. */
    private final java.util.function.IntFunction<Hello> helloFor;
    private volatile int boundPort;
    private Channel serverChannel;
    private Channel clientChannel;

    QuicTransport(PeerTls tls, NetworkMetrics metrics, SessionListener listener, NetworkConfig config,
                  java.util.function.Function<MessageType, MessageHandler> handlers,
                  java.util.function.IntFunction<Hello> helloFor) {
        this.handlers = handlers;
        this.helloFor = helloFor;
        this.tls = tls;
        this.metrics = metrics;
        this.listener = listener;
        this.maxFrameBytes = (int) config.getMaxMessageBytes().toBytes();
        this.maxPendingBytes = config.getMaxPendingBytes().toBytes();
        this.idleTimeoutMillis = KeepAlive.idleTimeoutMillis(config.getKeepAliveInterval().toMilliseconds());
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("icnd-quic", true),
                NioIoHandler.newFactory());
    }

    /** Binds the listening socket and the dialling socket; returns the bound listen address. */
    InetSocketAddress bind(InetSocketAddress listen) throws InterruptedException {
        ChannelHandler serverCodec = transportParameters(new QuicServerCodecBuilder(), idleTimeoutMillis)
                .sslEngineProvider(tls::serverEngine)
                .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                .handler(new ConnectionHandler(PeerLink.Direction.INBOUND))
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        PeerSession session = stream.parent().attr(SESSION).get();
                        if (session == null || session.hasStream()) {
                            // one stream per connection, opened by the dialler
                            stream.close();
                            return;
                        }
                        wire(stream, session);
                    }
                })
                .build();
        serverChannel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                .handler(serverCodec).bind(listen).sync().channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        boundPort = bound.getPort();

        ChannelHandler clientCodec = transportParameters(new QuicClientCodecBuilder(), idleTimeoutMillis)
                .sslEngineProvider(tls::clientEngine)
                .build();
        clientChannel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                .handler(clientCodec).bind(new InetSocketAddress(listen.getAddress(), 0)).sync().channel();
        return bound;
    }

    /**
     * quiche defaults every limit to 0, which forbids streams: set them all. The idle timeout is
     * {@link KeepAlive#idleTimeoutMillis}, so that keep-alive, not QUIC, judges a quiet peer.
     */
    static <B extends QuicCodecBuilder<B>> B transportParameters(B builder, long idleTimeoutMillis) {
        return builder.maxIdleTimeout(idleTimeoutMillis, TimeUnit.MILLISECONDS)
                .initialMaxData(16L * 1024 * 1024)
                .initialMaxStreamDataBidirectionalLocal(4L * 1024 * 1024)
                .initialMaxStreamDataBidirectionalRemote(4L * 1024 * 1024)
                .initialMaxStreamsBidirectional(8)
                .initialMaxStreamsUnidirectional(0);
    }

    /**
     * Dials {@code remote}; the handshake fails unless the peer proves {@code expected} (when
     * given). The dial is abandoned after {@code timeoutMillis}: QUIC's connect timeout closes
     * the connection too, where cancelling the future would leave it sending handshake packets
     * to nobody until the idle timeout.
     */
    void dial(InetSocketAddress remote, Did expected, DialTarget target, long timeoutMillis) {
        Future<QuicChannel> connecting = QuicChannel.newBootstrap(clientChannel)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
                .attr(PeerTls.EXPECTED_DID, expected)
                .attr(TARGET, target)
                .handler(new ConnectionHandler(PeerLink.Direction.OUTBOUND))
                .streamHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        ctx.close(); // the dialler opens the one stream; the listener opens none
                    }
                })
                .remoteAddress(remote)
                .connect();
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                listener.dialFailed(target, done.cause() instanceof ConnectTimeoutException
                        ? new java.util.concurrent.TimeoutException("no handshake within " + timeoutMillis + " ms")
                        : done.cause());
            }
        });
    }

    private void wire(QuicStreamChannel stream, PeerSession session) {
        session.attach(stream);
        // replies written while reading a burst (pongs) leave in one flush at the end of the read
        stream.pipeline().addLast(new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES),
                new FrameDecoder(maxFrameBytes, metrics, session.counters().bytesReceived()),
                new FrameHandler(session, helloFor.apply(boundPort), metrics, listener, handlers));
    }

    boolean isBound() {
        return serverChannel != null && serverChannel.isActive();
    }

    @Override
    public void close() {
        for (Channel channel : new Channel[] {serverChannel, clientChannel}) {
            if (channel != null) {
                channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Per QUIC connection: turns a finished handshake into a session, and its end into a close. */
    private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        private final PeerLink.Direction direction;

        ConnectionHandler(PeerLink.Direction direction) {
            this.direction = direction;
        }

        @Override
        public boolean isSharable() {
            return true;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            QuicChannel connection = (QuicChannel) ctx.channel();
            Did peer;
            try {
                peer = PeerTls.peerDid(connection.sslEngine());
            } catch (SSLPeerUnverifiedException e) {
                metrics.errorOnce(connection, NetworkError.HANDSHAKE);
                connection.close();
                if (direction == PeerLink.Direction.OUTBOUND) {
                    // the connect future has succeeded: without this the target would stay "dialing" for good
                    listener.dialFailed(connection.attr(TARGET).get(), e);
                }
                return;
            }
            PeerSession session = new PeerSession(connection, direction, peer, connection.attr(TARGET).get(), metrics,
                    maxPendingBytes);
            connection.attr(SESSION).set(session);
            listener.opened(session);
            if (direction == PeerLink.Direction.OUTBOUND) {
                connection.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        wire(stream, session);
                    }
                }).addListener(created -> {
                    if (created.isSuccess()) {
                        session.send(MessageType.HELLO, helloFor.apply(boundPort).encode(connection.alloc()));
                    } else {
                        LOG.info("no stream to {}: {}", session, created.cause().toString());
                        connection.close();
                    }
                });
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            PeerSession session = ctx.channel().attr(SESSION).get();
            if (session != null) {
                listener.closed(session);
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void channelUnregistered(ChannelHandlerContext ctx) {
            // an inbound connection that never became a session failed its handshake; BoringSSL may
            // refuse a certificate before our trust manager sees it, so what nothing counted is counted here
            QuicChannel connection = (QuicChannel) ctx.channel();
            if (direction == PeerLink.Direction.INBOUND && connection.attr(SESSION).get() == null) {
                metrics.errorOnce(connection, NetworkError.HANDSHAKE);
            }
            tls.forget(connection);
            ctx.fireChannelUnregistered();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("QUIC connection error on {}: {}", ctx.channel(), cause.toString());
        }
    }
}
