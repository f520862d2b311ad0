package coop.icn.icnd.core;

import java.util.function.DoubleSupplier;

/**
 * Exponential delays: {@code initial}, doubled per failure in a row, at most {@code max}. With
 * jitter, each delay is drawn from the upper half of that value, so that nodes which failed
 * together (a peer they all dial went down) do not all retry at the same moment.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final DoubleSupplier jitter;
    private int failuresInARow;

    /** Without jitter: the delays are exactly initial, twice that, and so on up to max. */
    public Backoff(long initialMillis, long maxMillis) {
        this(initialMillis, maxMillis, () -> 0.0);
    }

    /**
     * With jitter from {@code random}, uniform in [0, 1): a delay {@code d} becomes
     * {@code d - random * d / 2}, so it stays in (d/2, d].
     */
    public Backoff(long initialMillis, long maxMillis, DoubleSupplier random) {
        this.initialMillis = initialMillis;
        this.maxMillis = Math.max(initialMillis, maxMillis);
        this.jitter = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    public synchronized long nextDelayMillis() {
        long delay = failuresInARow >= 30 ? maxMillis : Math.min(maxMillis, initialMillis << failuresInARow);
        failuresInARow++;
        return delay - (long) (jitter.getAsDouble() * (delay / 2));
    }

    public synchronized void reset() {
        failuresInARow = 0;
    }
}
