package coop.icn.icnd.net;

import coop.icn.icnd.core.Backoff;
import coop.icn.icnd.identity.Did;
import io.netty.handler.codec.quic.QuicTimeoutClosedChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Whom this node dials, and when: bootstrap and mDNS peers are kept dialled, redialled with
 * backoff whenever they are lost; an RPC dial is tried once, and its callers wait for the hello.
 * Peers learned from other peers ({@code PEERS}) or remembered from an earlier run are hints:
 * dialled only while the node has fewer than {@code network.targetPeers} connections, always
 * with the DID they were given (the handshake proves it), dropped after
 * {@value #MAX_LEARNED_FAILURES} failed dials in a row, at most {@value #MAX_FROM_ONE_PEER} taken
 * from any one peer and {@value #MAX_LEARNED} in all.
 *
 * <p>Touched only by the network actor's thread, so unsynchronised.
 */
final class Dialler {
    private static final Logger LOG = LoggerFactory.getLogger(Dialler.class);
    static final int MAX_LEARNED_FAILURES = 3;
    static final int MAX_FROM_ONE_PEER = 16;
    static final int MAX_LEARNED = 256;

    /** Opens a connection; it ends as a session, or in {@link #dialFailed}. */
    @FunctionalInterface
    interface Connector {
        void dial(InetSocketAddress remote, Did expected, DialTarget target, long timeoutMillis);
    }

    private final Did self;
    private final NetworkConfig config;
    private final NetworkMetrics metrics;
    private final Predicate<Did> connected;
    private final Function<Did, NetworkActor.PeerView> connectedView;
    private final Connector connector;
    private final java.util.function.BooleanSupplier wantsMorePeers;
    private final java.util.function.Consumer<Did> forgotten;
    private final DoubleSupplier jitter;
    private final Map<String, DialTarget> targets = new LinkedHashMap<>();
    private final Map<DialTarget, List<CompletableFuture<NetworkActor.PeerView>>> waiters = new HashMap<>();

    /**
     * {@code connected} tells whether a peer has an established session, and
     * {@code connectedView} shows that session (or returns null); {@code wantsMorePeers} says
     * whether learned peers should be dialled now; {@code forgotten} hears of each learned peer
     * dropped as unreachable. {@code jitter}, uniform in [0, 1), shortens each redial delay by up
     * to half (see {@link Backoff}).
     */
    Dialler(Did self, NetworkConfig config, NetworkMetrics metrics, Predicate<Did> connected,
            Function<Did, NetworkActor.PeerView> connectedView, Connector connector,
            java.util.function.BooleanSupplier wantsMorePeers, java.util.function.Consumer<Did> forgotten,
            DoubleSupplier jitter) {
        this.self = self;
        this.wantsMorePeers = wantsMorePeers;
        this.forgotten = forgotten;
        this.config = config;
        this.metrics = metrics;
        this.connected = connected;
        this.connectedView = connectedView;
        this.connector = connector;
        this.jitter = jitter;
    }

    /** A bootstrap peer: dialled from now on, and redialled whenever lost. */
    void keepDialled(PeerAddress address) {
        targets.putIfAbsent(address.hostPort(), new DialTarget(address, DialTarget.Source.BOOTSTRAP, newBackoff()));
        updateGauge();
    }

    /** A peer announced itself by mDNS: kept dialled, unless it is us or already known. */
    void discovered(PeerAddress address) {
        if (address.did().map(self::equals).orElse(false)) {
            return;
        }
        DialTarget known = targets.get(address.hostPort());
        if (known == null || known.source == DialTarget.Source.RPC) {
            targets.put(address.hostPort(), new DialTarget(address, DialTarget.Source.MDNS, newBackoff()));
            LOG.info("discovered {} by mDNS", address);
            updateGauge();
        }
    }

    /**
     * A dial hint: {@code address} (with its DID) from peer {@code from}, or from the store when
     * {@code from} is null. Returns whether it was taken.
     */
    boolean learned(PeerAddress address, Did from) {
        Did did = address.did().orElse(null);
        if (did == null || did.equals(self) || did.equals(from) || targets.containsKey(address.hostPort())) {
            return false;
        }
        int learned = 0;
        int fromThisPeer = 0;
        for (DialTarget target : targets.values()) {
            if (did.equals(target.did)) {
                return false;
            }
            if (target.source == DialTarget.Source.LEARNED) {
                learned++;
                if (from != null && from.equals(target.learnedFrom)) {
                    fromThisPeer++;
                }
            }
        }
        if (learned >= MAX_LEARNED || fromThisPeer >= MAX_FROM_ONE_PEER) {
            return false;
        }
        targets.put(address.hostPort(), new DialTarget(address, DialTarget.Source.LEARNED, from, newBackoff()));
        LOG.debug("learned {} from {}", address, from == null ? "the store" : from);
        updateGauge();
        return true;
    }

    /**
     * Dials {@code address} now; {@code waiter} completes when the peer has said hello, at once
     * when it is connected already, and fails when the address is known under another DID.
     */
    void dial(PeerAddress address, CompletableFuture<NetworkActor.PeerView> waiter, long nowNanos) {
        DialTarget target = targets.computeIfAbsent(address.hostPort(),
                key -> new DialTarget(address, DialTarget.Source.RPC, newBackoff()));
        if (target.did != null && address.did().isPresent() && !target.did.equals(address.did().get())) {
            waiter.completeExceptionally(new IllegalArgumentException(
                    address.hostPort() + " is known as " + target.did + ", not " + address.did().get()));
            return;
        }
        NetworkActor.PeerView existing = target.did == null ? null : connectedView.apply(target.did);
        if (existing != null) {
            waiter.complete(existing);
            return;
        }
        waiters.computeIfAbsent(target, t -> new ArrayList<>()).add(waiter);
        target.nextDialNanos = 0;
        dialIfDue(target, nowNanos);
    }

    /** Dials every target whose time has come. */
    void dialDue(long nowNanos) {
        for (DialTarget target : List.copyOf(targets.values())) {
            dialIfDue(target, nowNanos);
        }
    }

    private void dialIfDue(DialTarget target, long nowNanos) {
        if (target.dialing || nowNanos < target.nextDialNanos
                || (target.did != null && (connected.test(target.did) || target.did.equals(self)))) {
            return;
        }
        // of two nodes that found each other by mDNS, only the smaller DID dials
        if (target.source == DialTarget.Source.MDNS && target.did != null
                && self.value().compareTo(target.did.value()) > 0) {
            return;
        }
        if (target.source == DialTarget.Source.LEARNED && !wantsMorePeers.getAsBoolean()) {
            return;
        }
        InetSocketAddress remote;
        try {
            remote = new InetSocketAddress(InetAddress.getByName(target.address.host()), target.address.port());
        } catch (UnknownHostException e) {
            dialFailed(target, e, nowNanos);
            return;
        }
        target.dialing = true;
        connector.dial(remote, target.did, target, config.getHandshakeTimeout().toMilliseconds());
    }

    /** A session dialled from {@code target} (null for inbound ones) said hello; {@code view} shows who answered. */
    void connected(DialTarget target, Did peer, NetworkActor.PeerView view) {
        if (target == null) {
            return;
        }
        target.dialing = false;
        target.did = peer;
        target.connected();
        List<CompletableFuture<NetworkActor.PeerView>> waiting = waiters.remove(target);
        if (waiting != null) {
            waiting.forEach(waiter -> waiter.complete(view));
        }
    }

    /** The dial ended before a session opened. */
    void dialFailed(DialTarget target, Throwable cause, long nowNanos) {
        target.dialing = false;
        target.failed(nowNanos);
        if (cause instanceof TimeoutException || cause instanceof QuicTimeoutClosedChannelException) {
            metrics.error(NetworkError.TIMEOUT);
        }
        LOG.debug("dial to {} failed: {}", target.address, cause.toString());
        failWaiters(target, cause);
        forgetUnlessKept(target);
    }

    /**
     * A session dialled from {@code target} (null for inbound ones) closed; {@code peerConnected}
     * tells whether the peer still has another session.
     */
    void sessionClosed(DialTarget target, boolean peerConnected, long nowNanos) {
        if (target == null) {
            return;
        }
        if (target.dialing) {
            target.dialing = false;
            target.failed(nowNanos);
            failWaiters(target, new IllegalStateException("connection to "
                    + target.address + " closed before the peer said hello"));
        }
        if (!peerConnected) {
            forgetUnlessKept(target);
        }
    }

    /** The peer's established session ended: its targets wait out a backoff before the redial. */
    void lost(Did peer, long nowNanos) {
        for (DialTarget target : targets.values()) {
            if (peer.equals(target.did)) {
                target.failed(nowNanos);
            }
        }
    }

    /** How many peers are kept dialled. */
    long keptDialled() {
        return targets.values().stream().filter(DialTarget::keepDialled).count();
    }

    private void forgetUnlessKept(DialTarget target) {
        if (!target.keepDialled()) {
            targets.remove(target.address.hostPort());
        } else if (target.source == DialTarget.Source.LEARNED && target.failures >= MAX_LEARNED_FAILURES) {
            targets.remove(target.address.hostPort(), target);
            LOG.info("dropped {}: unreachable {} times in a row", target.address, target.failures);
            forgotten.accept(target.did);
            updateGauge();
        }
    }

    private void failWaiters(DialTarget target, Throwable cause) {
        List<CompletableFuture<NetworkActor.PeerView>> waiting = waiters.remove(target);
        if (waiting != null) {
            waiting.forEach(waiter -> waiter.completeExceptionally(cause));
        }
    }

    private void updateGauge() {
        metrics.peersDiscovered.setValue((double) keptDialled());
    }

    private Backoff newBackoff() {
        return new Backoff(config.getDialBackoff().toMilliseconds(), config.getMaxDialBackoff().toMilliseconds(), jitter);
    }
}
