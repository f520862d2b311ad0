package coop.icn.icnd.gossip;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Owns topics and entries and speaks the Announce/Request/Response protocol. The protocol and
 * the store arrive with the gossip issue; until then the actor runs, answers its health check
 * and exports its metrics at their true value (no topics, nothing published).
 */
public final class GossipActor extends Actor {
    public static final String NAME = "gossip";

    private final GossipConfig config;
    private final GossipMetrics metrics;

    public GossipActor(ActorContext context, GossipConfig config) {
        super(NAME, context);
        this.config = config;
        this.metrics = new GossipMetrics(context.metrics());
    }

    @Override
    protected Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topics", metrics.topics.getValue().intValue());
        details.put("entries", metrics.entries.getValue().intValue());
        details.put("maxEntriesPerTopic", config.getMaxEntriesPerTopic());
        return details;
    }
}
