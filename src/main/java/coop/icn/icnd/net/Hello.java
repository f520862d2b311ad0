package coop.icn.icnd.net;

import coop.icn.icnd.core.BuildInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.security.SecureRandom;

/**
 * The first frame each way on a new connection. The peer's identity is not in it: that comes
 * from the TLS certificate. It says where the peer can be dialled (so an inbound peer can be
 * redialled and passed on to others), where Prometheus can scrape it, which run of the node's
 * process it comes from, and what software it runs.
 *
 * @param listenPort    the QUIC port to dial it on
 * @param adminPort     the port of its admin connector ({@code /metrics}); 0 when not known yet
 * @param instance      drawn at random once per run of the node ({@link #newInstance}): a peer
 *                      whose new connection says another instance than its old one has
 *                      restarted, and its old connection leads to a dead process
 * @param advertiseHost the host to dial it at ({@code network.advertiseAddress}); empty means
 *                      the address its connection came from
 */
record Hello(int listenPort, int adminPort, long instance, String advertiseHost, String agent) {
    /** This node's build: what its peers list as its agent ({@code GET /v1/peers}). */
    static final String AGENT = BuildInfo.current().agent();

    /** An instance for a run of the node: random, so a restart (even within a clock tick) gets another. */
    static long newInstance() {
        return new SecureRandom().nextLong();
    }

    ByteBuf encode(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        out.writeShort(listenPort);
        out.writeShort(adminPort);
        out.writeLong(instance);
        FrameCodec.writeString(out, advertiseHost);
        FrameCodec.writeString(out, agent);
        return out;
    }

    static Hello decode(ByteBuf in) {
        FrameCodec.need(in, 12, "hello ports and instance");
        int port = in.readUnsignedShort();
        int admin = in.readUnsignedShort();
        long instance = in.readLong();
        String host = FrameCodec.readString(in, "hello advertised host");
        String agent = FrameCodec.readString(in, "hello agent");
        FrameCodec.end(in, MessageType.HELLO);
        return new Hello(port, admin, instance, host, agent);
    }
}
