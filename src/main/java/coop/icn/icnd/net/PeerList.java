package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code PEERS} payload: {@code u16 n, n x (string did, string host, u16 port)}. Every
 * address names its DID, so whoever dials it learns at the handshake whether it was true.
 */
final class PeerList {
    /** What one message may carry; a longer list is cut, never an error. */
    static final int MAX_ADDRESSES = 256;

    private PeerList() {
    }

    static ByteBuf encode(ByteBufAllocator alloc, List<PeerAddress> peers) {
        ByteBuf out = alloc.buffer();
        List<PeerAddress> sent = peers.stream().filter(p -> p.did().isPresent()).limit(MAX_ADDRESSES).toList();
        out.writeShort(sent.size());
        for (PeerAddress peer : sent) {
            FrameCodec.writeString(out, peer.did().get().value());
            FrameCodec.writeString(out, peer.host());
            out.writeShort(peer.port());
        }
        return out;
    }

    static List<PeerAddress> decode(ByteBuf in) {
        FrameCodec.need(in, 2, "peer count");
        int n = in.readUnsignedShort();
        if (n > MAX_ADDRESSES) {
            throw new MalformedFrameException(n + " peers in one message, at most " + MAX_ADDRESSES);
        }
        List<PeerAddress> peers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String did = FrameCodec.readString(in, "peer did");
            String host = FrameCodec.readString(in, "peer host");
            FrameCodec.need(in, 2, "peer port");
            int port = in.readUnsignedShort();
            try {
                if (host.isEmpty() || port == 0) {
                    throw new IllegalArgumentException("no address");
                }
                peers.add(new PeerAddress(Optional.of(Did.parse(did)), host, port));
            } catch (IllegalArgumentException e) {
                throw new MalformedFrameException("bad peer " + did + "@" + host + ":" + port + ": " + e.getMessage());
            }
        }
        FrameCodec.end(in, MessageType.PEERS);
        return peers;
    }
}
