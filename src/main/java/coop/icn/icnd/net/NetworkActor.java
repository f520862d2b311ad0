package coop.icn.icnd.net;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;
import coop.icn.icnd.core.OperatorException;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import io.dropwizard.util.Duration;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Owns the peer network: the QUIC transport, its {@link SessionTable}, the {@link Dialler} that
 * keeps peers dialled, {@link KeepAlive} and the {@link PingTracker}, and the network metrics.
 * Netty threads report events through {@link SessionListener}; each is queued into this actor's
 * mailbox, so those parts are touched by its thread alone.
 */
public final class NetworkActor extends Actor implements SessionListener, PeerMessenger {
    public static final String NAME = "network";
    private static final Logger LOG = LoggerFactory.getLogger(NetworkActor.class);
    private static final Duration MAINTENANCE_INTERVAL = Duration.milliseconds(200);

    private final NodeIdentity identity;
    private final NetworkConfig config;
    private final NetworkMetrics metrics;
    private final SessionTable<PeerSession> sessions;
    private final Dialler dialler;
    private final PingTracker pings = new PingTracker(System::nanoTime);
    private final KeepAlive keepAlive;
    private final PeerExchange exchange;
    private final java.util.function.IntSupplier adminPort;
    /** This run's {@link Hello#instance}: after a restart, peers know the old connection is dead. */
    private final long instance = Hello.newInstance();
    /** Registered before start, read by event loops after. */
    private final Map<MessageType, MessageHandler> handlers = new EnumMap<>(MessageType.class);
    private final List<PeerListener> peerListeners = new CopyOnWriteArrayList<>();
    private QuicTransport transport;
    private MdnsDiscovery mdns;
    private InetSocketAddress bound;

    /** A node that remembers no peers and advertises no admin port (benchmarks). */
    public NetworkActor(ActorContext context, NodeIdentity identity, NetworkConfig config) {
        this(context, identity, config, PeerStore.none(), () -> 0, Duration.minutes(10));
    }

    /**
     * {@code adminPort} is read for each new connection's hello: where peers (and Prometheus,
     * through their {@code /sd}) find this node's metrics; 0 until it is known. A peer's own
     * series are removed {@code peerSeriesTtl} after it left.
     */
    public NetworkActor(ActorContext context, NodeIdentity identity, NetworkConfig config, PeerStore peerStore,
                        java.util.function.IntSupplier adminPort, Duration peerSeriesTtl) {
        super(NAME, context);
        this.identity = identity;
        this.config = config;
        this.adminPort = adminPort;
        this.metrics = new NetworkMetrics(context.metrics(), peerSeriesTtl.toNanoseconds());
        this.sessions = new SessionTable<>(identity.did(), metrics);
        this.dialler = new Dialler(identity.did(), config, metrics, sessions::isConnected, this::connectedView,
                (remote, expected, target, timeoutMillis) -> transport.dial(remote, expected, target, timeoutMillis),
                () -> sessions.size() < config.getTargetPeers(), this::unreachable,
                () -> ThreadLocalRandom.current().nextDouble());
        this.exchange = new PeerExchange(dialler, peerStore);
        this.keepAlive = new KeepAlive(config.getKeepAliveInterval().toNanoseconds(), pings, metrics);
    }

    /** Where Prometheus can scrape a connected peer: {@code GET /sd}. */
    public record ScrapeTarget(String did, String hostPort) {
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
     * actor's mailbox. Returns false (and releases the payload) when the peer is not connected,
     * or has more than {@code network.maxPendingBytes} unread.
     */
    @Override
    public boolean send(Did peer, MessageType type, ByteBuf payload) {
        PeerSession session = sessions.live(peer);
        if (session == null) {
            payload.release();
            return false;
        }
        return session.send(type, payload);
    }

    /** The peers connected now (a snapshot). */
    @Override
    public List<Did> connectedPeers() {
        return sessions.livePeers();
    }

    public CompletableFuture<List<PeerView>> peers() {
        return ask(() -> sessions.entries().stream()
                .map(entry -> entry.session.view(entry.since, entry.rttSeconds)).toList());
    }

    /** Dials {@code address} once; completes when the peer is connected and has said hello. */
    public CompletableFuture<PeerView> dial(PeerAddress address) {
        CompletableFuture<PeerView> result = new CompletableFuture<>();
        tell(() -> dialler.dial(address, result, System.nanoTime()));
        return result;
    }

    /** Sends {@code count} pings carrying {@code size} bytes each to a connected peer. */
    public CompletableFuture<PingResult> ping(Did peer, int count, int size, long timeoutMillis) {
        CompletableFuture<PingResult> result = new CompletableFuture<>();
        tell(() -> {
            SessionTable.Entry<PeerSession> entry = sessions.entry(peer);
            if (entry == null) {
                result.completeExceptionally(new NotConnectedException(peer));
                return;
            }
            PingTracker.Request request = pings.send(entry.session, count, size, result);
            context().scheduler().schedule(() -> tell(() -> pings.finish(request)),
                    timeoutMillis, TimeUnit.MILLISECONDS);
        });
        return result;
    }

    /** The connected peers whose admin port is known, for Prometheus's service discovery. */
    public CompletableFuture<List<ScrapeTarget>> scrapeTargets() {
        return ask(() -> sessions.entries().stream().map(entry -> entry.session.scrapeAddress())
                .filter(java.util.Objects::nonNull)
                .map(address -> new ScrapeTarget(address.did().orElseThrow().value(), address.hostPort())).toList());
    }

    /** The address QUIC is bound to, once started. */
    public CompletableFuture<InetSocketAddress> boundAddress() {
        return ask(() -> bound);
    }

    // ---- lifecycle ----

    @Override
    protected void doStart() throws Exception {
        transport = new QuicTransport(new PeerTls(identity, metrics), metrics, this, config, handlers::get,
                this::ownHello);
        PeerAddress listen = PeerAddress.parse(config.getListen());
        try {
            bound = transport.bind(new InetSocketAddress(InetAddress.getByName(listen.host()), listen.port()));
        } catch (Exception e) {
            transport.close();
            throw new OperatorException("cannot listen for QUIC on " + config.getListen() + ": " + e.getMessage(), e);
        }
        LOG.info("QUIC listening on {} as {}", bound, identity.did());
        config.getBootstrapPeers().forEach(peer -> dialler.keepDialled(PeerAddress.parse(peer)));
        exchange.loadRemembered();
        if (config.isMdns()) {
            mdns = MdnsDiscovery.start(bound, identity.did(), found -> tell(() -> dialler.discovered(found)));
        }
        every(MAINTENANCE_INTERVAL, this::maintain);
        every(config.getKeepAliveInterval(), () -> keepAlive.tick(sessions, System.nanoTime()));
        maintain();
    }

    @Override
    protected void doStop() {
        if (mdns != null) {
            mdns.close();
        }
        // peers learn at once that we are gone, instead of after their idle timeout
        List<ChannelFuture> closing = sessions.entries().stream()
                .map(entry -> entry.session.close(0, "shutting down")).toList();
        closing.forEach(future -> future.awaitUninterruptibly(1, TimeUnit.SECONDS));
        if (transport != null) {
            transport.close();
        }
        metrics.connectionsActive.setValue(0.0);
    }

    // ---- what the transport reports (event-loop threads) ----

    @Override
    public void opened(PeerSession session) {
        tell(() -> sessions.opened(session));
    }

    /** On the event loop: a new inbound peer beyond {@code network.maxPeers} is refused. */
    @Override
    public boolean admits(PeerSession session) {
        int connected = sessions.liveCount();
        if (connected < config.getMaxPeers() || sessions.live(session.peer()) != null) {
            return true;
        }
        metrics.error(NetworkError.FULL);
        LOG.info("refused {}: {} peers connected (network.maxPeers)", session.peer(), connected);
        tell(() -> sessions.refused(session));
        return false;
    }

    @Override
    public void established(PeerSession session) {
        tell(() -> onEstablished(session));
    }

    @Override
    public void pong(PeerSession session, long sentNanos, long rttNanos) {
        double seconds = Math.max(0, rttNanos) / 1e9;
        session.counters().rtt().setValue(seconds);
        tell(() -> {
            try (Scope ignored = pings.context(sentNanos).makeCurrent()) {
                sessions.pong(session, System.nanoTime(), seconds);
            }
            pings.answered(sentNanos, seconds);
        });
    }

    @Override
    public void peers(PeerSession session, List<PeerAddress> known) {
        tell(() -> exchange.received(session.peer(), known));
    }

    @Override
    public void closed(PeerSession session) {
        tell(() -> onClosed(session));
    }

    @Override
    public void dialFailed(DialTarget target, Throwable cause) {
        tell(() -> dialler.dialFailed(target, cause, System.nanoTime()));
    }

    // ---- the actor's own work ----

    /** Our hello: the port to dial (advertised or bound), the admin port, this run, the advertised host. */
    private Hello ownHello(int boundPort) {
        if (config.getAdvertiseAddress() != null) {
            PeerAddress advertised = PeerAddress.parse(config.getAdvertiseAddress());
            return new Hello(advertised.port(), adminPort.getAsInt(), instance, advertised.host(), Hello.AGENT);
        }
        return new Hello(boundPort, adminPort.getAsInt(), instance, "", Hello.AGENT);
    }

    private void onEstablished(PeerSession session) {
        SessionTable.Arrival arrival = sessions.established(session, System.nanoTime());
        switch (arrival) {
            case NEW_PEER -> arrived(session);
            case RESTARTED -> {
                // its old run went without a goodbye; the new one knows nothing of this node yet
                LOG.info("{} restarted; its new connection replaces the old one", session.peer());
                peerListeners.forEach(listener -> listener.peerDown(session.peer()));
                arrived(session);
            }
            case REPLACED, DUPLICATE -> {
            }
        }
        if (arrival != SessionTable.Arrival.DUPLICATE) {
            LOG.info("connected to {} ({}, {})", session.peer(), session.direction(), session.connection.remoteSocketAddress());
        }
        dialler.connected(session.target, session.peer(), connectedView(session.peer()));
    }

    /** A peer is up: its series stay, the listeners hear of it, and it and the others exchange PEERS. */
    private void arrived(PeerSession session) {
        metrics.peers.arrived(session.peer());
        peerListeners.forEach(listener -> listener.peerUp(session.peer()));
        exchange.connected(session, sessions.entries().stream().map(entry -> entry.session).toList(),
                System.currentTimeMillis());
    }

    private void onClosed(PeerSession session) {
        long now = System.nanoTime();
        if (sessions.closed(session, now)) {
            peerListeners.forEach(listener -> listener.peerDown(session.peer()));
            LOG.info("disconnected from {}", session.peer());
            dialler.lost(session.peer(), now);
        }
        dialler.sessionClosed(session.target, sessions.isConnected(session.peer()), now);
        if (!sessions.isConnected(session.peer())) {
            // also a peer refused or lost in its handshake: its series were bound with its session
            metrics.peers.departed(session.peer(), now);
        }
    }

    private void maintain() {
        long now = System.nanoTime();
        dialler.dialDue(now);
        sessions.expireHandshakes(now, config.getHandshakeTimeout().toNanoseconds());
        sessions.dropSlow(now, config.getKeepAliveInterval().toNanoseconds());
        metrics.peers.expire(now);
    }

    private void unreachable(Did peer) {
        exchange.unreachable(peer);
    }

    private PeerView connectedView(Did peer) {
        SessionTable.Entry<PeerSession> entry = sessions.entry(peer);
        return entry == null ? null : entry.session.view(entry.since, entry.rttSeconds);
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
        details.put("handshaking", sessions.handshaking());
        details.put("keptDialled", dialler.keptDialled());
        details.put("mdns", mdns != null);
        return details;
    }
}
