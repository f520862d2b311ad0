package coop.icn.icnd.net;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;
import coop.icn.icnd.identity.NodeIdentity;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Owns the peer transport: QUIC endpoint, sessions and discovery. The transport itself arrives
 * with the network issue; until then the actor runs, answers its health check and exports its
 * metrics at their true value (no peers, nothing sent).
 */
public final class NetworkActor extends Actor {
    public static final String NAME = "network";

    private final NodeIdentity identity;
    private final NetworkConfig config;
    private final NetworkMetrics metrics;

    public NetworkActor(ActorContext context, NodeIdentity identity, NetworkConfig config) {
        super(NAME, context);
        this.identity = identity;
        this.config = config;
        this.metrics = new NetworkMetrics(context.metrics());
    }

    @Override
    protected Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("did", identity.did().value());
        details.put("listen", config.getListen());
        details.put("bootstrapPeers", config.getBootstrapPeers().size());
        details.put("peers", metrics.connectionsActive.getValue().intValue());
        return details;
    }
}
