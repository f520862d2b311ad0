package coop.icn.icnd.net;

import coop.icn.icnd.core.Backoff;
import coop.icn.icnd.identity.Did;

/**
 * A peer this node keeps dialled: a bootstrap peer or one found by mDNS. Owned by the
 * {@link Dialler}. Redials back off exponentially, with jitter, while the peer stays unreachable.
 */
final class DialTarget {
    enum Source { BOOTSTRAP, MDNS, RPC }

    final PeerAddress address;
    final Source source;
    /** Known from the address ({@code did@host:port}), mDNS, or learned on the first connection. */
    Did did;
    boolean dialing;
    long nextDialNanos;
    private final Backoff backoff;

    DialTarget(PeerAddress address, Source source, Backoff backoff) {
        this.address = address;
        this.source = source;
        this.did = address.did().orElse(null);
        this.backoff = backoff;
    }

    /** Bootstrap and mDNS peers are redialled when lost; a one-off RPC dial is not. */
    boolean keepDialled() {
        return source != Source.RPC;
    }

    /** The dial failed or the connection was lost: wait before the next attempt. */
    void failed(long nowNanos) {
        nextDialNanos = nowNanos + backoff.nextDelayMillis() * 1_000_000L;
    }

    void connected() {
        backoff.reset();
    }
}
