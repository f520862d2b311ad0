package coop.icn.icnd.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes written to one peer that its QUIC stream has not taken yet, bounded by
 * {@code network.maxPendingBytes}. The stream takes bytes only while it is writable, that is while
 * the peer's flow-control window has room; a peer that stops reading closes its window, and what
 * is written to it waits in Netty's queue. Past the bound a frame is refused instead of queued,
 * and the time since the first refusal tells the network actor when to drop the peer as slow.
 * The peer counts as caught up again once the backlog has drained to half the bound: a peer that
 * takes a frame now and then, but never keeps up, stays backlogged.
 *
 * <p>Any thread may write; the counts are atomic.
 */
final class SendBacklog {
    private static final long NOT_BACKLOGGED = Long.MIN_VALUE;

    private final long maxBytes;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong backloggedSinceNanos = new AtomicLong(NOT_BACKLOGGED);

    SendBacklog(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Counts {@code bytes} more as pending and returns true, or returns false when they would
     * take the backlog over the bound; the first refusal marks the peer backlogged from {@code nowNanos}.
     */
    boolean reserve(int bytes, long nowNanos) {
        while (true) {
            long pending = pendingBytes.get();
            if (pending + bytes > maxBytes) {
                backloggedSinceNanos.compareAndSet(NOT_BACKLOGGED, nowNanos);
                return false;
            }
            if (pendingBytes.compareAndSet(pending, pending + bytes)) {
                return true;
            }
        }
    }

    /** The stream took {@code bytes} reserved earlier, or failed them (the connection is closing). */
    void release(int bytes) {
        if (pendingBytes.addAndGet(-bytes) <= maxBytes / 2) {
            backloggedSinceNanos.set(NOT_BACKLOGGED);
        }
    }

    /** How long frames have been refused without the backlog draining to half the bound; 0 when it has. */
    long backloggedNanos(long nowNanos) {
        long since = backloggedSinceNanos.get();
        return since == NOT_BACKLOGGED ? 0 : nowNanos - since;
    }
}
