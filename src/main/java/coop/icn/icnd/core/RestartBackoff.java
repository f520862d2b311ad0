package coop.icn.icnd.core;

import java.util.concurrent.TimeUnit;

/**
 * Delay before restarting one actor: {@code initial}, doubled for each crash in a row, at most
 * {@code max}. An actor that then runs for longer than twice {@code max} starts over at
 * {@code initial}: it was a transient fault, not a crash loop.
 */
final class RestartBackoff {
    private final long initialMillis;
    private final long maxMillis;
    private int inARow;
    private long restartedNanos;
    private boolean everRestarted;

    RestartBackoff(long initialMillis, long maxMillis) {
        this.initialMillis = initialMillis;
        this.maxMillis = Math.max(initialMillis, maxMillis);
    }

    synchronized long nextDelayMillis(long crashedNanos) {
        if (everRestarted && TimeUnit.NANOSECONDS.toMillis(crashedNanos - restartedNanos) > 2 * maxMillis) {
            inARow = 0;
        }
        long delay = inARow >= 62 ? maxMillis : Math.min(maxMillis, initialMillis * (1L << Math.min(inARow, 30)));
        inARow++;
        return delay;
    }

    synchronized void restarted(long nowNanos) {
        restartedNanos = nowNanos;
        everRestarted = true;
    }
}
