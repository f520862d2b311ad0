package coop.icn.icnd.net;

import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pings every established peer each {@code network.keepAliveInterval}, which keeps a quiet
 * connection from going idle and its RTT current, and closes a session that has answered none
 * of the last three.
 *
 * <p>Touched only by the network actor's thread, so unsynchronised.
 */
final class KeepAlive {
    private static final Logger LOG = LoggerFactory.getLogger(KeepAlive.class);
    static final int MISSED_PINGS = 3;

    private final long intervalNanos;
    private final PingTracker pings;
    private final NetworkMetrics metrics;

    /**
     * QUIC's idle timeout for a keep-alive interval: five intervals. Keep-alive notices a silent
     * peer at its first round after three intervals, so up to four after the last pong; one more
     * interval lets keep-alive always act first and count the peer as a {@code timeout}. QUIC's own
     * timer is left to close what keep-alive cannot ping (a node whose network actor is stuck).
     */
    static long idleTimeoutMillis(long intervalMillis) {
        return (MISSED_PINGS + 2) * intervalMillis;
    }

    KeepAlive(long intervalNanos, PingTracker pings, NetworkMetrics metrics) {
        this.intervalNanos = intervalNanos;
        this.pings = pings;
        this.metrics = metrics;
    }

    /** One round: close the peers silent for three intervals, ping the rest. */
    <S extends PeerLink> void tick(SessionTable<S> sessions, long nowNanos) {
        long deadline = MISSED_PINGS * intervalNanos;
        for (SessionTable.Entry<S> entry : sessions.entries()) {
            if (nowNanos - entry.lastPongNanos > deadline) {
                metrics.error(NetworkError.TIMEOUT);
                LOG.info("{} missed three keep-alives; closing", entry.session);
                entry.session.close(PeerLink.ERROR_TIMEOUT, "keep-alive timeout");
            } else {
                entry.session.ping(pings.nextPingNanos(), Unpooled.EMPTY_BUFFER, true);
            }
        }
    }
}
