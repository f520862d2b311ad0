package coop.icn.icnd.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The first frame each way on a new connection. The peer's identity is not in it: that comes
 * from the TLS certificate. It says where the peer listens (so an inbound peer can be redialled)
 * and what software it runs.
 */
record Hello(int listenPort, String agent) {
    static final String AGENT = "icnd/" + (Hello.class.getPackage().getImplementationVersion() == null
            ? "dev" : Hello.class.getPackage().getImplementationVersion());

    ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        out.writeShort(listenPort);
        FrameCodec.writeString(out, agent);
        return out;
    }

    static Hello decode(ByteBuf in) {
        FrameCodec.need(in, 2, "hello port");
        int port = in.readUnsignedShort();
        String agent = FrameCodec.readString(in, "hello agent");
        FrameCodec.end(in, MessageType.HELLO);
        return new Hello(port, agent);
    }
}
