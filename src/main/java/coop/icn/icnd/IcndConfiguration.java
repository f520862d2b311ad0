package coop.icn.icnd;

import com.fasterxml.jackson.annotation.JsonProperty;
import coop.icn.icnd.core.SupervisorConfig;
import coop.icn.icnd.gossip.GossipConfig;
import coop.icn.icnd.identity.IdentityConfig;
import coop.icn.icnd.net.NetworkConfig;
import coop.icn.icnd.obs.ObservabilityConfig;
import coop.icn.icnd.rpc.RpcConfig;
import coop.icn.icnd.trace.TracingConfig;
import coop.icn.icnd.store.Database;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;
import java.util.List;

/** {@code icnd.yml}: Dropwizard's own blocks plus the node's (the README's Configuration section lists the keys). */
public class IcndConfiguration extends Configuration {
    public static final int DEFAULT_RPC_PORT = 5050;
    public static final int DEFAULT_ADMIN_PORT = 9090;

    @NotNull
    private Path dataDir = Path.of("data");

    @Valid
    @NotNull
    private IdentityConfig identity = new IdentityConfig();

    @Valid
    @NotNull
    private NetworkConfig network = new NetworkConfig();

    @Valid
    @NotNull
    private GossipConfig gossip = new GossipConfig();

    @Valid
    @NotNull
    private ObservabilityConfig observability = new ObservabilityConfig();

    @Valid
    @NotNull
    private SupervisorConfig supervisor = new SupervisorConfig();

    @Valid
    @NotNull
    private RpcConfig rpc = new RpcConfig();

    @Valid
    @NotNull
    private TracingConfig tracing = new TracingConfig();

    /** Absent means the embedded H2 file database under {@code dataDir}. */
    @Valid
    private DataSourceFactory database;

    public IcndConfiguration() {
        // Without a server block the node still listens where the README says: RPC on
        // 127.0.0.1:5050 (never on a public interface by default), admin on 9090.
        HttpConnectorFactory rpc = new HttpConnectorFactory();
        rpc.setBindHost("127.0.0.1");
        rpc.setPort(DEFAULT_RPC_PORT);
        HttpConnectorFactory admin = new HttpConnectorFactory();
        admin.setPort(DEFAULT_ADMIN_PORT);
        DefaultServerFactory server = new DefaultServerFactory();
        server.setApplicationConnectors(List.of(rpc));
        server.setAdminConnectors(List.of(admin));
        setServerFactory(server);
    }

    /** Node state: keystore, passphrase file, embedded database. */
    @JsonProperty
    public Path getDataDir() {
        return dataDir;
    }

    @JsonProperty
    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    @JsonProperty
    public IdentityConfig getIdentity() {
        return identity;
    }

    @JsonProperty
    public void setIdentity(IdentityConfig identity) {
        this.identity = identity;
    }

    @JsonProperty
    public NetworkConfig getNetwork() {
        return network;
    }

    @JsonProperty
    public void setNetwork(NetworkConfig network) {
        this.network = network;
    }

    @JsonProperty
    public GossipConfig getGossip() {
        return gossip;
    }

    @JsonProperty
    public void setGossip(GossipConfig gossip) {
        this.gossip = gossip;
    }

    @JsonProperty
    public ObservabilityConfig getObservability() {
        return observability;
    }

    @JsonProperty
    public void setObservability(ObservabilityConfig observability) {
        this.observability = observability;
    }

    @JsonProperty
    public DataSourceFactory getDatabase() {
        return database;
    }

    @JsonProperty
    public void setDatabase(DataSourceFactory database) {
        this.database = database;
    }

    /** The configured database, or the embedded default under {@code dataDir}. */
    public DataSourceFactory databaseOrDefault() {
        return database != null ? database : Database.embeddedDefault(dataDir);
    }

    @JsonProperty
    public TracingConfig getTracing() {
        return tracing;
    }

    @JsonProperty
    public void setTracing(TracingConfig tracing) {
        this.tracing = tracing;
    }

    @JsonProperty
    public RpcConfig getRpc() {
        return rpc;
    }

    @JsonProperty
    public void setRpc(RpcConfig rpc) {
        this.rpc = rpc;
    }

    @JsonProperty
    public SupervisorConfig getSupervisor() {
        return supervisor;
    }

    @JsonProperty
    public void setSupervisor(SupervisorConfig supervisor) {
        this.supervisor = supervisor;
    }
}
