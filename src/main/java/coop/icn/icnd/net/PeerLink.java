package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import io.netty.buffer.ByteBuf;

import java.util.concurrent.Future;

/**
 * What the session table and keep-alive need of a connection to a peer. {@link PeerSession} is
 * the QUIC one; the interface lets their rules be tested without a network.
 */
interface PeerLink {
    /** QUIC application error codes this node closes connections with; the peer sees them. */
    int ERROR_PROTOCOL = 0x10;
    int ERROR_DUPLICATE = 0x11;
    int ERROR_TIMEOUT = 0x12;
    /** Refused: this node has {@code network.maxPeers} connections. */
    int ERROR_FULL = 0x13;
    /** Dropped: the peer left {@code network.maxPendingBytes} unread for a keep-alive interval. */
    int ERROR_SLOW = 0x14;
    /**
     * Replaced: the peer restarted, and this connection is from its earlier run. Nobody is
     * normally left to read it; a live process that does shares its identity with another.
     */
    int ERROR_RESTARTED = 0x15;

    enum Direction { INBOUND, OUTBOUND }

    /** The peer's DID, proven by TLS. */
    Did peer();

    /** OUTBOUND when this node dialled. */
    Direction direction();

    /** {@code System.nanoTime()} when TLS finished, to time the hello exchange. */
    long openedNanos();

    boolean isOpen();

    /**
     * How long frames to this peer have been refused for being over {@code network.maxPendingBytes}
     * (see {@link SendBacklog}); 0 when they are not.
     */
    long backloggedNanos(long nowNanos);

    /** Which run of the peer's process this connection is from (its hello's); asked only once it said hello. */
    long peerInstance();

    /** Where the peer can be dialled, with its DID (from its hello); null before the hello. */
    PeerAddress dialAddress();

    /** Writes one frame to the peer; false (payload released) when it cannot take it now. */
    boolean send(MessageType type, ByteBuf payload);

    /** Sends a PING carrying {@code sentNanos} (the value its PONG echoes) and {@code data}. */
    void ping(long sentNanos, ByteBuf data, boolean flush);

    Future<?> close(int applicationError, String reason);
}
