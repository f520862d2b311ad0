package coop.icn.icnd.gossip;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.net.MalformedFrameException;
import coop.icn.icnd.net.MessageType;
import coop.icn.icnd.net.NetworkActor;
import coop.icn.icnd.net.PeerListener;
import coop.icn.icnd.net.PeerMessenger;
import coop.icn.icnd.obs.BucketHistogram;
import io.netty.buffer.ByteBufAllocator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Owns topics and entries and speaks gossip; a dispatcher over its parts, which all run on this
 * actor's thread: the {@link TopicIndex} (what is held), the {@link VerifierPool} (checks on
 * other threads, verdicts back here), the {@link SignerPool} (signing on other threads, entries
 * back here in the order they were published), the {@link WriteBatcher} (group commit into the
 * {@link EntryStore}), {@link RecentEntries} (what was just committed, served from memory),
 * {@link PushProtocol} (announce, request, response),
 * {@link PullProtocol} (digests and pulls, driven by the {@link AntiEntropyActor}) and
 * {@link Subscriptions}. Wire layouts: {@code docs/wire-format.md}.
 */
public final class GossipActor extends Actor implements PeerListener {
    public static final String NAME = "gossip";
    private static final Logger LOG = LoggerFactory.getLogger(GossipActor.class);

    private final NetworkActor network;
    private final EntryStore store;
    private final GossipMetrics metrics;
    private final int maxDataBytes;
    private final TopicIndex index;
    private final Subscriptions subscriptions;
    private final VerifierPool verifier;
    private final WriteBatcher batcher;
    private final SignerPool signer;
    private final RecentEntries recent;
    private final PushProtocol push;
    private final PullProtocol pull;
    private final GossipTracing tracing;
    /** Registered before start by other components, called on this actor's thread. */
    private final List<StoredListener> storedListeners = new CopyOnWriteArrayList<>();

    private record StoredListener(List<TopicPattern> topics, Consumer<Entry> listener) {
    }

    public record TopicView(String topic, int entries) {
    }

    public record EntrySummary(String hash, String author, long timestamp, int size) {
    }

    public GossipActor(ActorContext context, NodeIdentity identity, GossipConfig config, NetworkActor network,
                       EntryStore store, BucketHistogram commitDuration, int maxMessageBytes, Tracer tracer) {
        super(NAME, context);
        this.tracing = new GossipTracing(tracer);
        PeerMessenger messenger = tracing.traced(network);
        this.network = network;
        this.store = store;
        this.metrics = new GossipMetrics(context.metrics());
        // an entry and its envelope must fit in one frame
        this.maxDataBytes = maxMessageBytes - 1024;
        int maxBatchBytes = Math.min(1024 * 1024, maxMessageBytes / 2);
        this.index = new TopicIndex(config.getMaxEntriesPerTopic());
        this.subscriptions = new Subscriptions(TopicPattern.parseAll(config.getSubscriptions()));
        this.verifier = new VerifierPool(maxDataBytes, this::tell, this::verified);
        this.batcher = new WriteBatcher(store, commitDuration, tracing, this::tell);
        this.signer = new SignerPool(identity, tracing, this::tell,
                signed -> signed.forEach(this::stage),
                Math.max(1, Runtime.getRuntime().availableProcessors()), context.mailboxCapacity());
        this.recent = new RecentEntries(store, config.getRecentEntries(), config.getRecentEntriesBytes().toBytes());
        this.push = new PushProtocol(messenger, metrics, recent, maxBatchBytes, tracing::traceparent);
        this.pull = new PullProtocol(messenger, metrics, recent, index, subscriptions, this::arriving, maxBatchBytes,
                tracing::traceparent);
        registerHandlers();
        network.addPeerListener(this);
    }

    private void registerHandlers() {
        network.handle(MessageType.ANNOUNCE, (from, payload) -> {
            List<GossipCodec.Announcement> announcements = GossipCodec.readAnnounce(payload);
            metrics.announcesReceived.inc();
            received(MessageType.ANNOUNCE, from, () -> push.onAnnounce(from, announcements,
                    a -> subscriptions.replicates(a.topic()) && !isKnown(a.hashHex())));
        });
        network.handle(MessageType.REQUEST, (from, payload) -> {
            List<byte[]> hashes = GossipCodec.readRequest(payload);
            metrics.requestsReceived.inc();
            received(MessageType.REQUEST, from, () -> push.onRequest(from, hashes, index::contains));
        });
        network.handle(MessageType.RESPONSE, (from, payload) -> {
            GossipCodec.Received response = GossipCodec.readResponse(payload);
            metrics.responsesReceived.inc();
            received(MessageType.RESPONSE, from, () -> onEntries(from, response, false));
        });
        network.handle(MessageType.DIGEST, (from, payload) -> {
            GossipCodec.ReceivedDigest digest = GossipCodec.readDigest(payload);
            metrics.digestsReceived.inc();
            received(MessageType.DIGEST, from, () -> pull.onDigest(from, digest));
        });
        network.handle(MessageType.PULL_REQUEST, (from, payload) -> {
            GossipCodec.PullRequest request = GossipCodec.readPullRequest(payload);
            metrics.pullRequestsReceived.inc();
            received(MessageType.PULL_REQUEST, from, () -> pull.onPullRequest(from, request));
        });
        network.handle(MessageType.PULL_RESPONSE, (from, payload) -> {
            GossipCodec.PullResponse response = GossipCodec.readPullResponse(payload);
            metrics.pullResponsesReceived.inc();
            response.entries().forEach(entry -> metrics.bytesPulled.inc(GossipCodec.entryBytes(entry)));
            received(MessageType.PULL_RESPONSE, from, () -> {
                onEntries(from, new GossipCodec.Received(response.entries(), response.traceparents()), true);
                pull.onPullResponse(from, response);
            });
        });
        network.handle(MessageType.SUBSCRIPTIONS, (from, payload) -> {
            List<TopicPattern> patterns;
            try {
                patterns = TopicPattern.parseAll(GossipCodec.readSubscriptions(payload));
            } catch (IllegalArgumentException e) {
                throw new MalformedFrameException(e.getMessage());
            }
            tell(() -> subscriptions.peerSubscribed(from, patterns));
        });
    }

    /**
     * Queues the work a message asks for inside its receive span, which ends with the work: what
     * the work sends or starts is the span's child.
     */
    private void received(MessageType type, Did from, Runnable work) {
        Span span = tracing.receive(type, from);
        try (Scope ignored = span.makeCurrent()) {
            if (!tell(() -> {
                try {
                    work.run();
                } finally {
                    span.end();
                }
            })) {
                span.end();
            }
        }
    }

    // ---- the handle ----

    /**
     * Calls {@code listener} with each entry stored from now on whose topic matches
     * {@code topics}, after its batch commits, on this actor's thread: hand it to another actor
     * rather than working there. Register before the node starts; {@link #storedEntries} reads
     * what was stored before.
     */
    public void onStored(List<TopicPattern> topics, Consumer<Entry> listener) {
        storedListeners.add(new StoredListener(List.copyOf(topics), listener));
    }

    /** Exempts {@code topics} from {@code gossip.maxEntriesPerTopic}; register before the node starts. */
    public void retainWhole(List<TopicPattern> topics) {
        index.retainWhole(topics);
    }

    /** Every stored entry whose topic matches {@code topics}, oldest first. */
    public CompletableFuture<List<Entry>> storedEntries(List<TopicPattern> topics) {
        return ask(() -> store.inTopics(topics));
    }

    /** Signs, stores and announces a new entry; completes once it is committed. */
    public CompletableFuture<Entry> publish(String topic, byte[] data) {
        return publish(List.of(new EntryDraft(topic, data))).thenApply(entries -> entries.get(0));
    }

    /**
     * Signs, stores and announces new entries, in their order and after those of earlier calls,
     * in one commit; completes with them, in their order, once it is done. One bad draft fails
     * the call with an {@link IllegalArgumentException} naming its index, and nothing is signed.
     */
    public CompletableFuture<List<Entry>> publish(List<EntryDraft> drafts) {
        for (int i = 0; i < drafts.size(); i++) {
            String problem = drafts.get(i).problem(maxDataBytes);
            if (problem != null) {
                String where = drafts.size() == 1 ? "" : "entry " + i + " of " + drafts.size() + ": ";
                return CompletableFuture.failedFuture(new IllegalArgumentException(where + problem));
            }
        }
        return signer.sign(drafts);
    }

    public CompletableFuture<List<TopicView>> topics() {
        return ask(() -> index.sizes().entrySet().stream().map(e -> new TopicView(e.getKey(), e.getValue())).toList());
    }

    public CompletableFuture<List<EntrySummary>> entries(String topic, int limit) {
        return ask(() -> store.newest(topic, limit).stream()
                .map(e -> new EntrySummary(e.hashHex(), e.author().value(), e.timestampMillis(), e.data().length))
                .toList());
    }

    public CompletableFuture<Optional<Entry>> entry(String hashHex) {
        return ask(() -> store.get(hashHex));
    }

    /** One anti-entropy round: a digest per replicated topic to every peer that replicates it. */
    public CompletableFuture<Integer> antiEntropyRound() {
        return ask(() -> network.connectedPeers().stream().mapToInt(pull::sendDigests).sum());
    }

    // ---- lifecycle ----

    @Override
    protected void doStart() {
        for (EntryStore.HashRow row : store.index()) {
            index.add(row.topic(), row.hash(), java.util.HexFormat.of().parseHex(row.hash()), row.timestampMillis());
        }
        verifier.start();
        signer.start();
        updateGauges();
        LOG.info("gossip: {} entries in {} topics", index.entryCount(), index.topicCount());
    }

    @Override
    protected void doStop() throws InterruptedException {
        signer.stop();
        verifier.stop();
        committed(batcher.flush());
    }

    // ---- peers ----

    @Override
    public void peerUp(Did peer) {
        tell(() -> {
            network.send(peer, MessageType.SUBSCRIPTIONS, GossipCodec.subscriptions(ByteBufAllocator.DEFAULT,
                    subscriptions.own().stream().map(TopicPattern::text).toList()));
            // a peer that just (re)joined learns at once where it differs, not a round later
            pull.sendDigests(peer);
        });
    }

    @Override
    public void peerDown(Did peer) {
        tell(() -> {
            subscriptions.peerGone(peer);
            pull.peerGone(peer);
        });
    }

    /** A signed entry of this node's into the batcher, unless the very same one is stored already. */
    private void stage(WriteBatcher.Pending signed) {
        if (index.contains(signed.entry().hashHex())) {
            // the same data on the same topic in the same millisecond: the same entry, held
            signed.waiter().complete(signed.entry());
            signed.span().end();
            return;
        }
        batcher.add(signed, this::committed);
    }

    // ---- received entries ----

    private boolean isKnown(String hex) {
        return batcher.contains(hex) || verifier.isVerifying(hex) || index.contains(hex);
    }

    private Collection<String> arriving() {
        List<String> hashes = new ArrayList<>(verifier.hashes());
        hashes.addAll(batcher.hashes());
        return hashes;
    }

    /** Entries from a peer: duplicates are dropped before any signature work, the rest verified. */
    private void onEntries(Did from, GossipCodec.Received received, boolean viaPull) {
        for (int i = 0; i < received.entries().size(); i++) {
            Entry entry = received.entries().get(i);
            String hex = entry.hashHex();
            if (batcher.contains(hex) || index.contains(hex) || verifier.isDuplicate(entry)) {
                metrics.duplicates.inc();
            } else if (subscriptions.replicates(entry.topic())) {
                verifier.offer(new VerifierPool.Candidate(from, entry, viaPull,
                        tracing.verify(entry, received.traceparents().get(i), from)));
            }
        }
        verifier.dispatch();
    }

    private void verified(VerifierPool.Candidate candidate, RejectReason reason) {
        Entry entry = candidate.entry();
        if (reason == null && index.isExpired(entry.topic(), entry.hashHex(), entry.timestampMillis())) {
            reason = RejectReason.EXPIRED;
        }
        int dropped = verifier.settle(candidate, reason == null);
        if (reason != null) {
            metrics.rejected(reason).inc();
            LOG.debug("refused {} from {}: {}", entry, candidate.from(), reason.label());
            GossipTracing.refused(candidate.span(), reason);
            return;
        }
        candidate.span().end();
        metrics.duplicates.inc(dropped);
        push.arrived(entry.hashHex());
        batcher.add(new WriteBatcher.Pending(entry, candidate.from(), candidate.viaPull(), null,
                tracing.store(candidate.span())), this::committed);
    }

    // ---- after a commit ----

    private void committed(List<WriteBatcher.Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long nowMillis = System.currentTimeMillis();
        Map<Did, List<GossipCodec.Announcement>> announcements = new HashMap<>();
        List<Did> peers = network.connectedPeers();
        Set<String> touched = new HashSet<>();
        for (WriteBatcher.Pending pending : batch) {
            Entry entry = pending.entry();
            index.add(entry.topic(), entry.hashHex(), entry.hash(), entry.timestampMillis());
            recent.committed(entry);
            touched.add(entry.topic());
            int announcedTo = 0;
            // the entry's span is current: listeners (the ledger) and the exemplars continue its trace
            try (Scope ignored = pending.span().makeCurrent()) {
                for (StoredListener listener : storedListeners) {
                    if (TopicPattern.anyMatches(listener.topics(), entry.topic())) {
                        listener.listener().accept(entry);
                    }
                }
                if (pending.isOwn()) {
                    metrics.entriesPublished.inc();
                    metrics.topicPublished.labels(entry.topic()).inc();
                    pending.waiter().complete(entry);
                } else {
                    metrics.entriesReceived.inc();
                    metrics.topicReceived.labels(entry.topic()).inc();
                    metrics.propagation.observe(Math.max(0, nowMillis - entry.timestampMillis()) / 1000.0);
                }
                tracing.remember(entry, pending.span().getSpanContext());
                // what anti-entropy brings, anti-entropy spreads
                for (Did peer : pending.viaPull() ? List.<Did>of() : peers) {
                    if (!peer.equals(pending.source()) && subscriptions.peerReplicates(peer, entry.topic())) {
                        announcements.computeIfAbsent(peer, p -> new ArrayList<>())
                                .add(new GossipCodec.Announcement(entry.topic(), entry.hash()));
                        announcedTo++;
                    }
                }
            }
            if (!pending.isOwn() && announcedTo > 0) {
                tracing.forward(entry, pending.span(), announcedTo);
            }
            pending.span().end();
        }
        push.announce(announcements);
        for (String topic : index.overfull(touched)) {
            List<String> evicted = index.beyondLimit(topic);
            store.deleteAll(evicted);
            index.removeAll(topic, evicted);
            recent.evicted(evicted);
        }
        updateGauges();
    }

    // ---- gauges and health ----

    private void updateGauges() {
        metrics.held(index.sizes());
    }

    @Override
    protected Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topics", index.topicCount());
        details.put("entries", index.entryCount());
        details.put("pendingWrites", batcher.size());
        details.put("verifying", verifier.size());
        details.put("recentEntries", recent.size());
        details.put("maxEntriesPerTopic", index.maxEntriesPerTopic());
        details.put("subscriptions", subscriptions.own().isEmpty() ? "all" : subscriptions.own().toString());
        return details;
    }
}
