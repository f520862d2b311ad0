package coop.icn.icnd.core;

import java.util.concurrent.TimeUnit;

/**
 * Delay before restarting one actor: a {@link Backoff}, except that an actor which then ran for
 * longer than twice the longest delay starts over at the initial delay: it had a transient
 * fault, not a crash loop.
 */
final class RestartBackoff {
    private final Backoff backoff;
    private final long maxMillis;
    private long restartedNanos;
    private boolean everRestarted;

    RestartBackoff(long initialMillis, long maxMillis) {
        this.backoff = new Backoff(initialMillis, maxMillis);
        this.maxMillis = Math.max(initialMillis, maxMillis);
    }

    synchronized long nextDelayMillis(long crashedNanos) {
        if (everRestarted && TimeUnit.NANOSECONDS.toMillis(crashedNanos - restartedNanos) > 2 * maxMillis) {
            backoff.reset();
        }
        return backoff.nextDelayMillis();
    }

    synchronized void restarted(long nowNanos) {
        restartedNanos = nowNanos;
        everRestarted = true;
    }
}
