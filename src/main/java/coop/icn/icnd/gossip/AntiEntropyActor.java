package coop.icn.icnd.gossip;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;
import coop.icn.icnd.net.NetworkActor;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Drives anti-entropy: every {@code gossip.antiEntropyInterval} it has the gossip actor send a
 * digest of each topic to each peer. Digests, not announcements, are what guarantee that nodes
 * converge after partitions and restarts. Unhealthy when peers are connected but no round has
 * completed within three intervals.
 */
public final class AntiEntropyActor extends Actor {
    public static final String NAME = "anti-entropy";

    private final GossipConfig config;
    private final GossipActor gossip;
    private final NetworkActor network;
    private final Tracer tracer;
    private final Instant startedAt = Instant.now();
    private long rounds;
    private long digests;
    private Instant lastRound;
    private boolean roundInFlight;

    public AntiEntropyActor(ActorContext context, GossipConfig config, GossipActor gossip, NetworkActor network,
                            Tracer tracer) {
        super(NAME, context);
        this.tracer = tracer;
        this.config = config;
        this.gossip = gossip;
        this.network = network;
    }

    @Override
    protected void doStart() {
        every(config.getAntiEntropyInterval(), this::round);
    }

    private void round() {
        if (roundInFlight) {
            return;
        }
        roundInFlight = true;
        // a root span: the round's digests (gossip.send) are its children, through the mailbox
        Span span = tracer.spanBuilder("anti-entropy.round").setNoParent().startSpan();
        CompletableFuture<Integer> round;
        try (Scope ignored = span.makeCurrent()) {
            round = gossip.antiEntropyRound();
        }
        round.whenComplete((sent, error) -> {
            if (error == null) {
                span.setAttribute("icn.digests", (long) sent);
            }
            span.end();
            tell(() -> {
                roundInFlight = false;
                if (error == null) {
                    rounds++;
                    digests += sent;
                    lastRound = Instant.now();
                }
            });
        });
    }

    @Override
    protected String healthProblem() {
        Instant reference = lastRound != null ? lastRound : startedAt;
        Duration allowed = Duration.ofMillis(3 * config.getAntiEntropyInterval().toMilliseconds());
        if (!network.connectedPeers().isEmpty() && Duration.between(reference, Instant.now()).compareTo(allowed) > 0) {
            return "no anti-entropy round completed in " + allowed.toMillis() + " ms while peers are connected";
        }
        return null;
    }

    @Override
    protected Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("interval", config.getAntiEntropyInterval().toString());
        details.put("rounds", rounds);
        details.put("digestsSent", digests);
        details.put("lastRound", lastRound == null ? "none yet" : lastRound.toString());
        return details;
    }
}
