package coop.icn.icnd.core;

/** Exponential delays: {@code initial}, doubled per failure in a row, at most {@code max}. */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private int failuresInARow;

    public Backoff(long initialMillis, long maxMillis) {
        this.initialMillis = initialMillis;
        this.maxMillis = Math.max(initialMillis, maxMillis);
    }

    /** The delay before the next attempt; each call counts one more failure. */
    public synchronized long nextDelayMillis() {
        long delay = failuresInARow >= 30 ? maxMillis : Math.min(maxMillis, initialMillis << failuresInARow);
        failuresInARow++;
        return delay;
    }

    public synchronized void reset() {
        failuresInARow = 0;
    }
}
