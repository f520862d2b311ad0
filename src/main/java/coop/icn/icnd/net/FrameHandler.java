package coop.icn.icnd.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the frames of one peer stream and acts on them: the hello exchange, pings answered
 * right here on the event loop (so RTT measures the network, not our mailboxes), pongs passed
 * to the actor. A malformed frame is dropped and counted; the connection stays.
 */
final class FrameHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);

    private final PeerSession session;
    private final Hello ownHello;
    private final NetworkMetrics metrics;
    private final SessionListener listener;
    private final java.util.function.Function<MessageType, MessageHandler> handlers;

    FrameHandler(PeerSession session, Hello ownHello, NetworkMetrics metrics, SessionListener listener,
                 java.util.function.Function<MessageType, MessageHandler> handlers) {
        this.session = session;
        this.ownHello = ownHello;
        this.metrics = metrics;
        this.listener = listener;
        this.handlers = handlers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        int frameBytes = frame.readableBytes() + FrameCodec.LENGTH_BYTES;
        try {
            MessageType type = FrameCodec.readHeader(frame);
            if (session.hello() == null && type != MessageType.HELLO) {
                metrics.error(NetworkError.AUTH);
                LOG.info("{} sent {} before hello; closing", session, type.label());
                session.close(PeerLink.ERROR_PROTOCOL, "hello first");
                return;
            }
            switch (type) {
                case HELLO -> hello(frame, frameBytes);
                case PING -> {
                    Ping ping = Ping.decode(frame);
                    received(type, frameBytes);
                    session.send(MessageType.PONG, ping.encode(ctx.alloc()));
                }
                case PONG -> {
                    Ping pong = Ping.decode(frame);
                    received(type, frameBytes);
                    listener.pong(session, pong.sentNanos(), System.nanoTime() - pong.sentNanos());
                }
                case PEERS -> {
                    java.util.List<PeerAddress> known = PeerList.decode(frame);
                    received(type, frameBytes);
                    listener.peers(session, known);
                }
                default -> {
                    MessageHandler handler = handlers.apply(type);
                    if (handler == null) {
                        throw new MalformedFrameException("no handler for " + type.label() + " on this node");
                    }
                    handler.onMessage(session.peer(), frame);
                    received(type, frameBytes);
                }
            }
        } catch (MalformedFrameException e) {
            metrics.error(NetworkError.DECODE);
            LOG.debug("dropped a malformed frame from {}: {}", session, e.getMessage());
        } finally {
            frame.release();
        }
    }

    private void hello(ByteBuf frame, int frameBytes) {
        Hello hello = Hello.decode(frame);
        if (session.hello() != null) {
            throw new MalformedFrameException("a second hello");
        }
        received(MessageType.HELLO, frameBytes);
        session.hello(hello);
        if (session.direction() == PeerLink.Direction.INBOUND) {
            if (!listener.admits(session)) {
                session.close(PeerLink.ERROR_FULL, "full");
                return;
            }
            session.send(MessageType.HELLO, ownHello.encode(session.connection.alloc()));
        }
        listener.established(session);
    }

    private void received(MessageType type, int frameBytes) {
        metrics.received(type, frameBytes);
        session.counters().received();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            metrics.error(NetworkError.OVERSIZE);
            LOG.debug("skipped an oversize frame from {}: {}", session, cause.getMessage());
            return;
        }
        LOG.warn("closing {} after an error on its stream", session, cause);
        session.close(PeerLink.ERROR_PROTOCOL, "stream error");
    }
}
