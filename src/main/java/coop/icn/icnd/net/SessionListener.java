package coop.icn.icnd.net;

/** What the transport tells the network actor; called on event-loop threads. */
interface SessionListener {
    /** TLS is done and the peer's DID known; the hello exchange has not happened yet. */
    void opened(PeerSession session);

    /** Hellos were exchanged: the peer has proven its identity and accepted ours. */
    void established(PeerSession session);

    void pong(PeerSession session, long sentNanos, long rttNanos);

    void closed(PeerSession session);

    /** A dial ended before a session opened. */
    void dialFailed(DialTarget target, Throwable cause);
}
