package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The connections of this node: those still exchanging hellos, and the established one per peer.
 * When both nodes dial each other, both keep the connection opened by the smaller DID, so each
 * pair ends with one connection without a word exchanged about it. That rule holds between
 * connections from one run of the peer: a connection whose hello says another
 * {@link Hello#instance} comes from a peer that restarted, and takes the place of the old one,
 * which leads to a dead process that keep-alive would take intervals to give up on.
 *
 * <p>Touched only by the network actor's thread, so unsynchronised; the exceptions are
 * {@link #live(Did)} and {@link #livePeers()}, which any thread may call to send.
 */
final class SessionTable<S extends PeerLink> {
    private static final Logger LOG = LoggerFactory.getLogger(SessionTable.class);

    /** What became of a session that said hello. */
    enum Arrival {
        /** The peer had no session: it is up now. */
        NEW_PEER,
        /** It took the place of the peer's previous session, which is closed (or closing). */
        REPLACED,
        /**
         * The peer restarted: this session, from its new run, took the place of the one from its
         * earlier run, which is closed. Whatever the peer knew then it has forgotten.
         */
        RESTARTED,
        /** The peer's session already in the table wins; this one is closed. */
        DUPLICATE
    }

    /** An established session and what the actor learns about it while it lasts. */
    static final class Entry<S extends PeerLink> {
        final S session;
        final Instant since;
        final long sinceNanos;
        long lastPongNanos;
        double rttSeconds = Double.NaN;

        private Entry(S session, long nowNanos) {
            this.session = session;
            this.since = Instant.now();
            this.sinceNanos = nowNanos;
            this.lastPongNanos = nowNanos;
        }
    }

    private final Did self;
    private final NetworkMetrics metrics;
    private final Set<S> opening = new HashSet<>();
    private final Map<Did, Entry<S>> established = new HashMap<>();
    private final ConcurrentMap<Did, S> live = new ConcurrentHashMap<>();

    SessionTable(Did self, NetworkMetrics metrics) {
        this.self = self;
        this.metrics = metrics;
    }

    /** TLS is done; the session has {@code network.handshakeTimeout} to say hello. */
    void opened(S session) {
        opening.add(session);
    }

    Arrival established(S session, long nowNanos) {
        opening.remove(session);
        Entry<S> existing = established.get(session.peer());
        Arrival arrival = arrival(existing, session);
        if (arrival == Arrival.DUPLICATE) {
            session.close(PeerLink.ERROR_DUPLICATE, "duplicate connection");
            return arrival;
        }
        if (existing != null) {
            // its own close will not find it in the table: its time ends here
            metrics.connectionDuration.observe((nowNanos - existing.sinceNanos) / 1e9);
            if (existing.session.isOpen()) {
                if (arrival == Arrival.RESTARTED) {
                    existing.session.close(PeerLink.ERROR_RESTARTED, "peer restarted");
                } else {
                    existing.session.close(PeerLink.ERROR_DUPLICATE, "duplicate connection");
                }
            }
        }
        established.put(session.peer(), new Entry<>(session, nowNanos));
        live.put(session.peer(), session);
        metrics.connections.inc();
        updateGauge();
        return arrival;
    }

    /** What {@code session} is to the peer's established one, {@code existing} (null when it has none). */
    private Arrival arrival(Entry<S> existing, S session) {
        if (existing == null) {
            return Arrival.NEW_PEER;
        }
        if (existing.session.peerInstance() != session.peerInstance()) {
            return Arrival.RESTARTED;
        }
        if (!existing.session.isOpen()) {
            return Arrival.REPLACED; // it ended, and its close is on its way to the actor
        }
        return preferred(existing.session, session) == existing.session ? Arrival.DUPLICATE : Arrival.REPLACED;
    }

    /** Of two connections between the same pair, the one the smaller DID opened; the older when tied. */
    private S preferred(S older, S newer) {
        String olderDialer = dialer(older).value();
        String newerDialer = dialer(newer).value();
        return olderDialer.equals(newerDialer) || olderDialer.compareTo(newerDialer) < 0 ? older : newer;
    }

    private Did dialer(S session) {
        return session.direction() == PeerLink.Direction.OUTBOUND ? self : session.peer();
    }

    /** Turned away before its hello was answered: its close is no handshake failure. */
    void refused(S session) {
        opening.remove(session);
    }

    /** Established sessions; safe from any thread. */
    int liveCount() {
        return live.size();
    }

    /** Returns true when {@code session} was the peer's established one: the peer is gone. */
    boolean closed(S session, long nowNanos) {
        if (opening.remove(session)) {
            // TLS went through but no hello came back: the peer refused us after the handshake
            metrics.error(NetworkError.HANDSHAKE);
            return false;
        }
        Entry<S> entry = established.get(session.peer());
        if (entry == null || entry.session != session) {
            return false;
        }
        established.remove(session.peer());
        live.remove(session.peer(), session);
        metrics.connectionDuration.observe((nowNanos - entry.sinceNanos) / 1e9);
        updateGauge();
        return true;
    }

    /** Closes the sessions that have not said hello within {@code timeoutNanos} of TLS finishing. */
    void expireHandshakes(long nowNanos, long timeoutNanos) {
        for (S session : List.copyOf(opening)) {
            if (nowNanos - session.openedNanos() > timeoutNanos) {
                opening.remove(session);
                metrics.error(NetworkError.TIMEOUT);
                session.close(PeerLink.ERROR_TIMEOUT, "no hello in time");
            }
        }
    }

    /**
     * Closes the sessions whose frames have been refused for longer than {@code graceNanos}
     * because the peer left {@code network.maxPendingBytes} unread: it has stopped reading.
     */
    void dropSlow(long nowNanos, long graceNanos) {
        for (Entry<S> entry : established.values()) {
            if (entry.session.isOpen() && entry.session.backloggedNanos(nowNanos) > graceNanos) {
                metrics.error(NetworkError.SLOW);
                LOG.info("{} has left network.maxPendingBytes unread for over {} ms; closing", entry.session,
                        graceNanos / 1_000_000);
                entry.session.close(PeerLink.ERROR_SLOW, "not reading");
            }
        }
    }

    /** A PONG came back on {@code session}: it is alive, and this far away. */
    void pong(S session, long nowNanos, double rttSeconds) {
        metrics.rtt.observe(rttSeconds);
        Entry<S> entry = established.get(session.peer());
        if (entry != null && entry.session == session) {
            entry.lastPongNanos = nowNanos;
            entry.rttSeconds = rttSeconds;
        }
    }

    /** The peer's established session, or null. */
    Entry<S> entry(Did peer) {
        return established.get(peer);
    }

    boolean isConnected(Did peer) {
        return established.containsKey(peer);
    }

    /** A snapshot of the established sessions. */
    List<Entry<S>> entries() {
        return List.copyOf(established.values());
    }

    int size() {
        return established.size();
    }

    int handshaking() {
        return opening.size();
    }

    /** The peer's established session, or null; safe from any thread. */
    S live(Did peer) {
        return live.get(peer);
    }

    /** The connected peers (a snapshot); safe from any thread. */
    List<Did> livePeers() {
        return List.copyOf(live.keySet());
    }

    private void updateGauge() {
        metrics.connectionsActive.setValue((double) established.size());
    }
}
