package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import io.netty.buffer.ByteBuf;

import java.util.List;

/**
 * What a protocol above the network needs to talk to peers: write a frame to one, and know who
 * is connected. {@link NetworkActor} is the real one; protocol tests use their own.
 */
public interface PeerMessenger {
    /**
     * Writes one frame, from any thread; false (payload released) when the peer is not connected,
     * or is not reading what it was sent (over {@code network.maxPendingBytes}).
     */
    boolean send(Did peer, MessageType type, ByteBuf payload);

    /** The peers connected now (a snapshot). */
    List<Did> connectedPeers();
}
