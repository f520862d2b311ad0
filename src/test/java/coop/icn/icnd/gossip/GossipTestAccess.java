package coop.icn.icnd.gossip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.List;

/** Lets tests in other packages speak gossip on the wire, as a hand-driven peer would. */
public final class GossipTestAccess {
    private GossipTestAccess() {
    }

    public static ByteBuf response(List<Entry> entries) {
        return GossipCodec.response(ByteBufAllocator.DEFAULT, entries, entry -> "");
    }
}
