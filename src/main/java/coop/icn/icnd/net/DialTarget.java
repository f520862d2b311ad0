package coop.icn.icnd.net;

import coop.icn.icnd.core.Backoff;
import coop.icn.icnd.identity.Did;

/**
 * A peer this node dials: a bootstrap peer, one found by mDNS, one learned from a peer (or
 * remembered from an earlier run), or a one-off RPC dial. Owned by the {@link Dialler}. Redials
 * back off exponentially, with jitter, while the peer stays unreachable.
 */
final class DialTarget {
    enum Source { BOOTSTRAP, MDNS, LEARNED, RPC }

    final PeerAddress address;
    final Source source;
    /** For a learned target, the peer that told us of it (null when remembered from the store). */
    final Did learnedFrom;
    /** Failed dials since the last connection: a learned address is dropped after a few. */
    int failures;
    /** Known from the address ({@code did@host:port}), mDNS, or learned on the first connection. */
    Did did;
    boolean dialing;
    long nextDialNanos;
    private final Backoff backoff;

    DialTarget(PeerAddress address, Source source, Backoff backoff) {
        this(address, source, null, backoff);
    }

    DialTarget(PeerAddress address, Source source, Did learnedFrom, Backoff backoff) {
        this.address = address;
        this.source = source;
        this.learnedFrom = learnedFrom;
        this.did = address.did().orElse(null);
        this.backoff = backoff;
    }

    /** Bootstrap, mDNS and learned peers are redialled when lost; a one-off RPC dial is not. */
    boolean keepDialled() {
        return source != Source.RPC;
    }

    /** The dial failed or the connection was lost: wait before the next attempt. */
    void failed(long nowNanos) {
        failures++;
        nextDialNanos = nowNanos + backoff.nextDelayMillis() * 1_000_000L;
    }

    void connected() {
        failures = 0;
        backoff.reset();
    }
}
