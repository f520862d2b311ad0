package coop.icn.icnd.net;

/** What the transport tells the network actor; called on event-loop threads. */
interface SessionListener {
    /** TLS is done and the peer's DID known; the hello exchange has not happened yet. */
    void opened(PeerSession session);

    /**
     * An inbound peer said hello: may it stay? Called before our hello answers it; when the
     * answer is no, the connection is closed as {@link PeerLink#ERROR_FULL} without one.
     */
    boolean admits(PeerSession session);

    /** Hellos were exchanged: the peer has proven its identity and accepted ours. */
    void established(PeerSession session);

    void pong(PeerSession session, long sentNanos, long rttNanos);

    /** The peer told us whom it is connected to (hints: each DID is proven only by dialling it). */
    void peers(PeerSession session, java.util.List<PeerAddress> known);

    void closed(PeerSession session);

    /** A dial ended before a session opened. */
    void dialFailed(DialTarget target, Throwable cause);
}
