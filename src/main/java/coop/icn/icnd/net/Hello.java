package coop.icn.icnd.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The first frame each way on a new connection. The peer's identity is not in it: that comes
 * from the TLS certificate. It says where the peer can be dialled (so an inbound peer can be
 * redialled and passed on to others), where Prometheus can scrape it, and what software it runs.
 *
 * @param listenPort    the QUIC port to dial it on
 * @param adminPort     the port of its admin connector ({@code /metrics}); 0 when not known yet
 * @param advertiseHost the host to dial it at ({@code network.advertiseAddress}); empty means
 *                      the address its connection came from
 */
record Hello(int listenPort, int adminPort, String advertiseHost, String agent) {
    static final String AGENT = "icnd/" + (Hello.class.getPackage().getImplementationVersion() == null
            ? "dev" : Hello.class.getPackage().getImplementationVersion());

    ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        out.writeShort(listenPort);
        out.writeShort(adminPort);
        FrameCodec.writeString(out, advertiseHost);
        FrameCodec.writeString(out, agent);
        return out;
    }

    static Hello decode(ByteBuf in) {
        FrameCodec.need(in, 4, "hello ports");
        int port = in.readUnsignedShort();
        int admin = in.readUnsignedShort();
        String host = FrameCodec.readString(in, "hello advertised host");
        String agent = FrameCodec.readString(in, "hello agent");
        FrameCodec.end(in, MessageType.HELLO);
        return new Hello(port, admin, host, agent);
    }
}
