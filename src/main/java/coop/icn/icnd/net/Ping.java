package coop.icn.icnd.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * PING and PONG share one layout: the sender's {@code System.nanoTime()} at sending (echoed
 * back, so only the sender ever interprets it) and optional data, echoed too, as ICMP echo
 * does. Keep-alives carry no data; {@code POST /v1/peers/{did}/ping} may.
 */
record Ping(long sentNanos, ByteBuf data) {
    ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(8 + data.readableBytes());
        out.writeLong(sentNanos);
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
        return out;
    }

    /** The data is a slice of {@code in}: valid while the frame is. */
    static Ping decode(ByteBuf in) {
        FrameCodec.need(in, 8, "ping time");
        long sent = in.readLong();
        return new Ping(sent, in.readSlice(in.readableBytes()));
    }
}
