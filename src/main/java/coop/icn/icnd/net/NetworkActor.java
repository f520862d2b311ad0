package coop.icn.icnd.net;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;
import coop.icn.icnd.core.Backoff;
import coop.icn.icnd.core.OperatorException;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import io.dropwizard.util.Duration;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Owns the peer network: the QUIC transport, the table of authenticated sessions (one per peer),
 * the peers it keeps dialled (bootstrap and mDNS, redialled with backoff), keep-alive pings, and
 * the network metrics. Netty threads report events through {@link SessionListener}; each is
 * queued into this actor's mailbox, so all the tables below are touched by its thread alone.
 */
public final class NetworkActor extends Actor implements SessionListener {
    public static final String NAME = "network";
    private static final Logger LOG = LoggerFactory.getLogger(NetworkActor.class);
    static final int ERROR_DUPLICATE = 0x11;
    static final int ERROR_TIMEOUT = 0x12;
    private static final Duration MAINTENANCE_INTERVAL = Duration.milliseconds(200);

    private final NodeIdentity identity;
    private final NetworkConfig config;
    private final NetworkMetrics metrics;
    private final Map<Did, PeerSession> sessions = new HashMap<>();
    private final Set<PeerSession> opening = new HashSet<>();
    private final Map<String, DialTarget> targets = new LinkedHashMap<>();
    private final Map<DialTarget, List<CompletableFuture<PeerView>>> dialWaiters = new HashMap<>();
    private final Map<Long, PingRequest> pingRequests = new HashMap<>();
    /** Registered before start, read by event loops after. */
    private final Map<MessageType, MessageHandler> handlers = new java.util.EnumMap<>(MessageType.class);
    private final List<PeerListener> peerListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The established sessions, readable from any thread, for {@link #send}. */
    private final java.util.concurrent.ConcurrentMap<Did, PeerSession> live = new java.util.concurrent.ConcurrentHashMap<>();
    private QuicTransport transport;
    private MdnsDiscovery mdns;
    private InetSocketAddress bound;
    private long lastPingNanos;

    public NetworkActor(ActorContext context, NodeIdentity identity, NetworkConfig config) {
        super(NAME, context);
        this.identity = identity;
        this.config = config;
        this.metrics = new NetworkMetrics(context.metrics());
    }

    /** What {@code GET /v1/peers} shows of a connected peer. */
    public record PeerView(String did, String address, String direction, String connectedSince,
                           Double rttSeconds, String agent) {
    }

    /** The outcome of {@code POST /v1/peers/{did}/ping}. */
    public record PingResult(String did, int sent, int answered, List<Double> rttSeconds) {
    }

    // ---- the handle: called from any thread ----

    /** Routes frames of {@code type} to {@code handler}; call before the node starts. */
    public void handle(MessageType type, MessageHandler handler) {
        if (type.isNetworkOwn()) {
            throw new IllegalArgumentException(type + " is the network's own");
        }
        handlers.put(type, handler);
    }

    public void addPeerListener(PeerListener listener) {
        peerListeners.add(listener);
    }

    /**
     * Writes one frame to a connected peer, from any thread, without a trip through this
     * actor's mailbox. Returns false (and releases the payload) when the peer is not connected.
     */
    public boolean send(Did peer, MessageType type, io.netty.buffer.ByteBuf payload) {
        PeerSession session = live.get(peer);
        if (session == null) {
            payload.release();
            return false;
        }
        session.send(type, payload);
        return true;
    }

    /** The peers connected now (a snapshot). */
    public List<Did> connectedPeers() {
        return List.copyOf(live.keySet());
    }

    public CompletableFuture<List<PeerView>> peers() {
        return ask(() -> sessions.values().stream().map(NetworkActor::view).toList());
    }

    /** Dials {@code address} once; completes when the peer is connected and has said hello. */
    public CompletableFuture<PeerView> dial(PeerAddress address) {
        CompletableFuture<PeerView> result = new CompletableFuture<>();
        tell(() -> {
            DialTarget target = targets.computeIfAbsent(address.hostPort(),
                    key -> new DialTarget(address, DialTarget.Source.RPC, newBackoff()));
            if (target.did != null && address.did().isPresent() && !target.did.equals(address.did().get())) {
                result.completeExceptionally(new IllegalArgumentException(
                        address.hostPort() + " is known as " + target.did + ", not " + address.did().get()));
                return;
            }
            PeerSession existing = target.did == null ? null : sessions.get(target.did);
            if (existing != null) {
                result.complete(view(existing));
                return;
            }
            dialWaiters.computeIfAbsent(target, t -> new ArrayList<>()).add(result);
            target.nextDialNanos = 0;
            dialIfDue(target, System.nanoTime());
        });
        return result;
    }

    /** Sends {@code count} pings carrying {@code size} bytes each to a connected peer. */
    public CompletableFuture<PingResult> ping(Did peer, int count, int size, long timeoutMillis) {
        CompletableFuture<PingResult> result = new CompletableFuture<>();
        tell(() -> {
            PeerSession session = sessions.get(peer);
            if (session == null) {
                result.completeExceptionally(new NotConnectedException(peer));
                return;
            }
            PingRequest request = new PingRequest(peer, count, result);
            byte[] data = new byte[size];
            for (int i = 0; i < count; i++) {
                long sent = nextPingNanos();
                pingRequests.put(sent, request);
                request.pending.add(sent);
                session.send(MessageType.PING, new Ping(sent, Unpooled.wrappedBuffer(data)).encode(session.connection.alloc()),
                        i == count - 1);
            }
            context().scheduler().schedule(() -> tell(() -> request.finish(pingRequests)),
                    timeoutMillis, TimeUnit.MILLISECONDS);
        });
        return result;
    }

    /** The address QUIC is bound to, once started. */
    public CompletableFuture<InetSocketAddress> boundAddress() {
        return ask(() -> bound);
    }

    // ---- lifecycle ----

    @Override
    protected void doStart() throws Exception {
        PeerTls tls = new PeerTls(identity, () -> metrics.error(NetworkMetrics.Error.AUTH),
                () -> metrics.error(NetworkMetrics.Error.HANDSHAKE));
        transport = new QuicTransport(tls, metrics, this, (int) config.getMaxMessageBytes().toBytes(), handlers::get);
        PeerAddress listen = PeerAddress.parse(config.getListen());
        try {
            bound = transport.bind(new InetSocketAddress(InetAddress.getByName(listen.host()), listen.port()));
        } catch (Exception e) {
            transport.close();
            throw new OperatorException("cannot listen for QUIC on " + config.getListen() + ": " + e.getMessage(), e);
        }
        LOG.info("QUIC listening on {} as {}", bound, identity.did());
        for (String peer : config.getBootstrapPeers()) {
            PeerAddress address = PeerAddress.parse(peer);
            targets.putIfAbsent(address.hostPort(), new DialTarget(address, DialTarget.Source.BOOTSTRAP, newBackoff()));
        }
        if (config.isMdns()) {
            mdns = MdnsDiscovery.start(bound, identity.did(), found -> tell(() -> discovered(found)));
        }
        every(MAINTENANCE_INTERVAL, this::maintain);
        every(config.getKeepAliveInterval(), this::keepAlive);
        maintain();
    }

    @Override
    protected void doStop() {
        if (mdns != null) {
            mdns.close();
        }
        // peers learn at once that we are gone, instead of after their idle timeout
        List<io.netty.channel.ChannelFuture> closing = new ArrayList<>();
        for (PeerSession session : List.copyOf(sessions.values())) {
            closing.add(session.close(0, "shutting down"));
        }
        closing.forEach(future -> future.awaitUninterruptibly(1, TimeUnit.SECONDS));
        if (transport != null) {
            transport.close();
        }
        metrics.connectionsActive.setValue(0.0);
    }

    // ---- what the transport reports (event-loop threads) ----

    @Override
    public void opened(PeerSession session) {
        tell(() -> opening.add(session));
    }

    @Override
    public void established(PeerSession session) {
        tell(() -> onEstablished(session));
    }

    @Override
    public void pong(PeerSession session, long sentNanos, long rttNanos) {
        tell(() -> onPong(session, sentNanos, rttNanos));
    }

    @Override
    public void closed(PeerSession session) {
        tell(() -> onClosed(session));
    }

    @Override
    public void dialFailed(DialTarget target, Throwable cause) {
        tell(() -> onDialFailed(target, cause));
    }

    // ---- the actor's own work ----

    private void onEstablished(PeerSession session) {
        opening.remove(session);
        long now = System.nanoTime();
        if (session.target != null) {
            session.target.dialing = false;
            session.target.did = session.peer;
            session.target.connected();
        }
        PeerSession existing = sessions.get(session.peer);
        if (existing != null && existing != session && existing.connection.isActive()) {
            // both sides dialled: both keep the connection opened by the smaller DID
            PeerSession keep = preferred(existing, session);
            PeerSession drop = keep == existing ? session : existing;
            drop.replaced = true;
            if (drop == existing) {
                metrics.connectionDuration.observe((now - existing.establishedNanos) / 1e9);
            }
            drop.close(ERROR_DUPLICATE, "duplicate connection");
            if (keep == existing) {
                answerDialWaiters(session.target, existing);
                return;
            }
        }
        session.establishedAt = Instant.now();
        session.establishedNanos = now;
        session.lastPongNanos = now;
        sessions.put(session.peer, session);
        live.put(session.peer, session);
        if (existing == null || existing == session) {
            peerListeners.forEach(listener -> listener.peerUp(session.peer));
        }
        metrics.connections.inc();
        updateGauges();
        LOG.info("connected to {} ({}, {})", session.peer, session.direction, session.connection.remoteSocketAddress());
        answerDialWaiters(session.target, session);
    }

    private PeerSession preferred(PeerSession a, PeerSession b) {
        String dialerA = a.dialer(identity.did()).value();
        String dialerB = b.dialer(identity.did()).value();
        if (dialerA.equals(dialerB)) {
            return a;
        }
        return dialerA.compareTo(dialerB) < 0 ? a : b;
    }

    private void onClosed(PeerSession session) {
        opening.remove(session);
        long now = System.nanoTime();
        if (sessions.get(session.peer) == session) {
            sessions.remove(session.peer);
            live.remove(session.peer, session);
            peerListeners.forEach(listener -> listener.peerDown(session.peer));
            metrics.connectionDuration.observe((now - session.establishedNanos) / 1e9);
            updateGauges();
            LOG.info("disconnected from {}", session.peer);
            for (DialTarget target : targets.values()) {
                if (session.peer.equals(target.did)) {
                    target.failed(now);
                }
            }
        } else if (session.establishedAt == null && !session.replaced) {
            // TLS went through but no hello came back: the peer refused us after the handshake
            metrics.error(NetworkMetrics.Error.HANDSHAKE);
        }
        if (session.target != null && session.target.dialing) {
            session.target.dialing = false;
            session.target.failed(now);
            failDialWaiters(session.target, new IllegalStateException("connection to "
                    + session.target.address + " closed before the peer said hello"));
        }
        if (session.target != null && !session.target.keepDialled() && !sessions.containsKey(session.peer)) {
            targets.remove(session.target.address.hostPort());
        }
    }

    private void onDialFailed(DialTarget target, Throwable cause) {
        target.dialing = false;
        target.failed(System.nanoTime());
        if (cause instanceof TimeoutException || cause instanceof io.netty.handler.codec.quic.QuicTimeoutClosedChannelException) {
            metrics.error(NetworkMetrics.Error.TIMEOUT);
        }
        LOG.debug("dial to {} failed: {}", target.address, cause.toString());
        failDialWaiters(target, cause);
        if (!target.keepDialled()) {
            targets.remove(target.address.hostPort());
        }
    }

    private void onPong(PeerSession session, long sentNanos, long rttNanos) {
        session.lastPongNanos = System.nanoTime();
        double seconds = Math.max(0, rttNanos) / 1e9;
        session.rttSeconds = seconds;
        metrics.rtt.observe(seconds);
        PingRequest request = pingRequests.remove(sentNanos);
        if (request != null) {
            request.answered(sentNanos, seconds, pingRequests);
        }
    }

    private void discovered(PeerAddress address) {
        if (address.did().map(identity.did()::equals).orElse(false)) {
            return;
        }
        DialTarget known = targets.get(address.hostPort());
        if (known == null || known.source == DialTarget.Source.RPC) {
            targets.put(address.hostPort(), new DialTarget(address, DialTarget.Source.MDNS, newBackoff()));
            LOG.info("discovered {} by mDNS", address);
            updateGauges();
        }
    }

    private void maintain() {
        long now = System.nanoTime();
        for (DialTarget target : List.copyOf(targets.values())) {
            dialIfDue(target, now);
        }
        long handshakeNanos = config.getHandshakeTimeout().toNanoseconds();
        for (PeerSession session : List.copyOf(opening)) {
            if (now - session.openedNanos > handshakeNanos) {
                opening.remove(session);
                session.replaced = true;
                metrics.error(NetworkMetrics.Error.TIMEOUT);
                session.close(ERROR_TIMEOUT, "no hello in time");
            }
        }
        updateGauges();
    }

    private void dialIfDue(DialTarget target, long now) {
        if (target.dialing || now < target.nextDialNanos
                || (target.did != null && (sessions.containsKey(target.did) || target.did.equals(identity.did())))) {
            return;
        }
        // of two nodes that found each other by mDNS, only the smaller DID dials
        if (target.source == DialTarget.Source.MDNS && target.did != null
                && identity.did().value().compareTo(target.did.value()) > 0) {
            return;
        }
        InetSocketAddress remote;
        try {
            remote = new InetSocketAddress(InetAddress.getByName(target.address.host()), target.address.port());
        } catch (UnknownHostException e) {
            onDialFailed(target, e);
            return;
        }
        target.dialing = true;
        transport.dial(remote, target.did, target, config.getHandshakeTimeout().toMilliseconds());
    }

    private void keepAlive() {
        long now = System.nanoTime();
        long deadline = 3 * config.getKeepAliveInterval().toNanoseconds();
        for (PeerSession session : List.copyOf(sessions.values())) {
            if (now - session.lastPongNanos > deadline) {
                metrics.error(NetworkMetrics.Error.TIMEOUT);
                LOG.info("{} missed three keep-alives; closing", session);
                session.close(ERROR_TIMEOUT, "keep-alive timeout");
            } else {
                session.send(MessageType.PING, new Ping(nextPingNanos(), Unpooled.EMPTY_BUFFER).encode(session.connection.alloc()));
            }
        }
    }

    private long nextPingNanos() {
        // pongs are matched to their ping by this value, so it must never repeat
        lastPingNanos = Math.max(System.nanoTime(), lastPingNanos + 1);
        return lastPingNanos;
    }

    private void updateGauges() {
        metrics.connectionsActive.setValue((double) sessions.size());
        metrics.peersDiscovered.setValue((double) targets.values().stream().filter(DialTarget::keepDialled).count());
    }

    private void answerDialWaiters(DialTarget target, PeerSession session) {
        List<CompletableFuture<PeerView>> waiters = target == null ? null : dialWaiters.remove(target);
        if (waiters != null) {
            PeerView view = view(session);
            waiters.forEach(waiter -> waiter.complete(view));
        }
    }

    private void failDialWaiters(DialTarget target, Throwable cause) {
        List<CompletableFuture<PeerView>> waiters = dialWaiters.remove(target);
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.completeExceptionally(cause));
        }
    }

    private Backoff newBackoff() {
        return new Backoff(config.getDialBackoff().toMilliseconds(), config.getMaxDialBackoff().toMilliseconds());
    }

    private static PeerView view(PeerSession session) {
        InetSocketAddress address = session.listenAddress();
        return new PeerView(session.peer.value(), address == null ? null : address.getHostString() + ":" + address.getPort(),
                session.direction.name().toLowerCase(java.util.Locale.ROOT), String.valueOf(session.establishedAt),
                Double.isNaN(session.rttSeconds) ? null : session.rttSeconds,
                session.hello() == null ? null : session.hello().agent());
    }

    @Override
    protected String healthProblem() {
        if (transport == null || bound == null) {
            return "QUIC endpoint is not bound (network.listen " + config.getListen() + ")";
        }
        return transport.isBound() ? null : "QUIC endpoint " + bound + " is closed";
    }

    @Override
    protected Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("did", identity.did().value());
        details.put("bound", bound == null ? "no" : bound.toString());
        details.put("peers", sessions.size());
        details.put("handshaking", opening.size());
        details.put("keptDialled", targets.values().stream().filter(DialTarget::keepDialled).count());
        details.put("mdns", mdns != null);
        return details;
    }

    /** Pings of one request, and the future to complete when all are answered or time runs out. */
    private static final class PingRequest {
        final Did peer;
        final int count;
        final CompletableFuture<PingResult> result;
        final Set<Long> pending = new HashSet<>();
        final List<Double> rtts = new ArrayList<>();

        PingRequest(Did peer, int count, CompletableFuture<PingResult> result) {
            this.peer = peer;
            this.count = count;
            this.result = result;
        }

        void answered(long sentNanos, double seconds, Map<Long, PingRequest> index) {
            pending.remove(sentNanos);
            rtts.add(seconds);
            if (pending.isEmpty()) {
                finish(index);
            }
        }

        void finish(Map<Long, PingRequest> index) {
            pending.forEach(index::remove);
            result.complete(new PingResult(peer.value(), count, rtts.size(), List.copyOf(rtts)));
        }
    }
}
