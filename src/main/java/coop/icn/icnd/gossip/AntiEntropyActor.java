package coop.icn.icnd.gossip;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a round every {@code gossip.antiEntropyInterval}. Digests and pulls arrive with the
 * gossip issue; a round now has no peer to exchange with, and the health check reports how many
 * rounds ran and when the last one did.
 */
public final class AntiEntropyActor extends Actor {
    public static final String NAME = "anti-entropy";

    private final GossipConfig config;
    private long rounds;
    private Instant lastRound;

    public AntiEntropyActor(ActorContext context, GossipConfig config) {
        super(NAME, context);
        this.config = config;
    }

    @Override
    protected void doStart() {
        every(config.getAntiEntropyInterval(), this::round);
    }

    private void round() {
        rounds++;
        lastRound = Instant.now();
    }

    @Override
    protected Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("interval", config.getAntiEntropyInterval().toString());
        details.put("rounds", rounds);
        details.put("lastRound", lastRound == null ? "none yet" : lastRound.toString());
        return details;
    }
}
