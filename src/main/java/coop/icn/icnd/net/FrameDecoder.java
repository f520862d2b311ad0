package coop.icn.icnd.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits a peer stream into frames at their length prefixes, counting every byte read. A frame
 * longer than the limit is skipped as it arrives (the stream stays in step) and reported once
 * as a {@code TooLongFrameException}.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    private final NetworkMetrics metrics;
    private final com.codahale.metrics.Counter peerBytes;

    /** {@code peerBytes}: the peer's own byte counter, beside the node's total. */
    FrameDecoder(int maxFrameBytes, NetworkMetrics metrics, com.codahale.metrics.Counter peerBytes) {
        // lengths count what follows the prefix; the prefix is stripped from the frames passed on
        super(maxFrameBytes + FrameCodec.LENGTH_BYTES, 0, FrameCodec.LENGTH_BYTES, 0, FrameCodec.LENGTH_BYTES, true);
        this.metrics = metrics;
        this.peerBytes = peerBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf bytes) {
            metrics.bytesReceived.inc(bytes.readableBytes());
            peerBytes.inc(bytes.readableBytes());
        }
        super.channelRead(ctx, msg);
    }
}
