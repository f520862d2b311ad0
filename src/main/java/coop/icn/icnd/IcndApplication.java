package coop.icn.icnd;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;
import coop.icn.icnd.core.ActorHealthCheck;
import coop.icn.icnd.core.Supervisor;
import coop.icn.icnd.core.SystemMetrics;
import coop.icn.icnd.gossip.AntiEntropyActor;
import coop.icn.icnd.gossip.GossipActor;
import coop.icn.icnd.identity.IdentityHealthCheck;
import coop.icn.icnd.identity.IdentityLoader;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.identity.PassphraseSource;
import coop.icn.icnd.ledger.LedgerActor;
import coop.icn.icnd.net.NetworkActor;
import coop.icn.icnd.net.PeerStore;
import coop.icn.icnd.obs.MetricFactory;
import coop.icn.icnd.obs.PrometheusEndpoint;
import coop.icn.icnd.rpc.BearerTokenFilter;
import coop.icn.icnd.rpc.LedgerResource;
import coop.icn.icnd.rpc.PeersResource;
import coop.icn.icnd.rpc.RpcEndpoint;
import coop.icn.icnd.rpc.RpcMetrics;
import coop.icn.icnd.rpc.RpcRequestListener;
import coop.icn.icnd.rpc.RpcToken;
import coop.icn.icnd.rpc.ServiceDiscoveryServlet;
import coop.icn.icnd.rpc.RpcHealthCheck;
import coop.icn.icnd.rpc.StatusResource;
import coop.icn.icnd.rpc.TopicsResource;
import coop.icn.icnd.store.Database;
import coop.icn.icnd.trace.Tracing;
import coop.icn.icnd.rpc.RouteTemplates;
import coop.icn.icnd.rpc.RpcTracing;
import coop.icn.icnd.gossip.EntryStore;
import org.jdbi.v3.core.Jdbi;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.lifecycle.ServerLifecycleListener;
import org.eclipse.jetty.server.Server;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The icnd node. Start-up order follows the upstream daemon: metrics first, then the identity;
 * with an identity, gossip, ledger, network, RPC and anti-entropy. Without one the node runs in
 * observer mode: system metrics only, and an unhealthy {@code identity} check saying why.
 */
public class IcndApplication extends Application<IcndConfiguration> {
    private volatile Supervisor supervisor;

    public static void main(String[] args) throws Exception {
        new IcndApplication().run(args);
    }

    @Override
    public String getName() {
        return "icnd";
    }

    @Override
    protected void addDefaultCommands(Bootstrap<IcndConfiguration> bootstrap) {
        bootstrap.addCommand(new IcndServerCommand(this));
        bootstrap.addCommand(new CheckCommand<>(this));
    }

    @Override
    public void initialize(Bootstrap<IcndConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.addCommand(new IdentityCommand());
        Tracing.installLogContext();
    }

    @Override
    public void run(IcndConfiguration config, Environment environment) throws IOException {
        Files.createDirectories(config.getDataDir());

        MetricFactory metrics = new MetricFactory(environment.metrics(), config.getObservability().getMaxLabelValues(),
                config.getTracing().isEnabled());
        PrometheusEndpoint.install(environment);
        SystemMetrics systemMetrics = new SystemMetrics(metrics);
        ScheduledExecutorService scheduler = environment.lifecycle()
                .scheduledExecutorService("icnd-timer-%d", true).threads(1).build();
        Supervisor nodeSupervisor = new Supervisor(config.getSupervisor(), systemMetrics, scheduler,
                config.getObservability().getUpdateInterval());
        supervisor = nodeSupervisor;

        IdentityLoader identityLoader = new IdentityLoader(config.getIdentity(), config.getDataDir(),
                PassphraseSource.system());
        Optional<NodeIdentity> identity = identityLoader.load();
        environment.healthChecks().register("identity",
                new IdentityHealthCheck(identity, identityLoader.keystorePath()));
        environment.jersey().register(new StatusResource(identity, nodeSupervisor));
        RpcMetrics rpcMetrics = new RpcMetrics(metrics);
        RouteTemplates routeTemplates = new RouteTemplates();
        environment.jersey().register(new RpcRequestListener(rpcMetrics, routeTemplates));
        Optional<RpcToken> rpcToken = BearerTokenFilter.install(environment, config.getRpc(), config.getDataDir(),
                rpcMetrics);

        Optional<NetworkActor> network = identity.map(node ->
                startNode(config, environment, node, metrics, systemMetrics, scheduler, rpcToken, routeTemplates));
        environment.admin().addServlet("service-discovery", new ServiceDiscoveryServlet(identity, network))
                .addMapping(ServiceDiscoveryServlet.PATH);
        // managed last: started after the database it uses, stopped before it
        environment.lifecycle().manage(nodeSupervisor);
    }

    /** A full node: the database, then the actors in start order ({@code docs/architecture.md}). */
    private NetworkActor startNode(IcndConfiguration config, Environment environment, NodeIdentity node,
                                   MetricFactory metrics, SystemMetrics systemMetrics, ScheduledExecutorService scheduler,
                                   Optional<RpcToken> rpcToken, RouteTemplates routeTemplates) {
        Jdbi jdbi = Database.open(environment, config.databaseOrDefault(), config.getDataDir(), metrics);
        // managed before the supervisor, so stopped after it: the actors' last spans are flushed
        Tracing tracing = Tracing.create(config.getTracing(), node.did().value());
        environment.lifecycle().manage(tracing);
        environment.jersey().register(new RpcTracing(tracing.tracer(), routeTemplates));
        ActorContext context = new ActorContext(metrics, systemMetrics, scheduler,
                config.getSupervisor().getMailboxCapacity());
        int maxMessageBytes = (int) config.getNetwork().getMaxMessageBytes().toBytes();
        NetworkActor network = new NetworkActor(context, node, config.getNetwork(), PeerStore.of(jdbi),
                adminPort(environment, config), config.getObservability().getPeerSeriesTtl());
        EntryStore entries = new EntryStore(jdbi);
        GossipActor gossip = new GossipActor(context, node, config.getGossip(), network, entries,
                Database.commitTimer(metrics), maxMessageBytes, tracing.tracer());
        LedgerActor ledger = new LedgerActor(context, node, gossip, tracing.tracer());
        supervise(environment, config, gossip);
        supervise(environment, config, ledger);
        supervise(environment, config, network);
        RpcEndpoint rpc = new RpcEndpoint(supervisor::refresh);
        supervisor.supervise(rpc);
        environment.lifecycle().addServerLifecycleListener(rpc);
        environment.healthChecks().register(RpcEndpoint.NAME,
                new RpcHealthCheck(rpc, config.getSupervisor().getHealthCheckTimeout(), rpcToken));
        environment.jersey().register(new PeersResource(network,
                config.getNetwork().getHandshakeTimeout().toMilliseconds() + 1_000, maxMessageBytes - 64));
        environment.jersey().register(new TopicsResource(gossip, maxMessageBytes - 1024));
        environment.jersey().register(new LedgerResource(ledger));
        supervise(environment, config, new AntiEntropyActor(context, config.getGossip(), gossip, network, tracing.tracer()));
        return network;
    }

    /**
     * The admin connector's port, which peers pass on to Prometheus: the configured one, or, when
     * that is 0 (tests), the one Jetty bound, once it has.
     */
    private static IntSupplier adminPort(Environment environment, IcndConfiguration config) {
        int configured = config.getServerFactory() instanceof DefaultServerFactory server
                && !server.getAdminConnectors().isEmpty()
                && server.getAdminConnectors().get(0) instanceof HttpConnectorFactory http ? http.getPort() : 0;
        AtomicInteger port = new AtomicInteger(configured);
        environment.lifecycle().addServerLifecycleListener(new ServerLifecycleListener() {
            @Override
            public void serverStarted(Server server) {
                port.set(getAdminPort(server));
            }
        });
        return port::get;
    }

    private void supervise(Environment environment, IcndConfiguration config, Actor actor) {
        supervisor.supervise(actor);
        environment.healthChecks().register(actor.name(),
                new ActorHealthCheck(actor, config.getSupervisor().getHealthCheckTimeout()));
    }

    /** The running node's supervisor, for tests and embedding; null before {@link #run}. */
    public Supervisor supervisor() {
        return supervisor;
    }
}
