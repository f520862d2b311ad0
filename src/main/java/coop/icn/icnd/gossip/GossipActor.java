package coop.icn.icnd.gossip;

import com.codahale.metrics.DefaultSettableGauge;
import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.ActorContext;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.net.MessageType;
import coop.icn.icnd.net.NetworkActor;
import coop.icn.icnd.net.PeerListener;
import coop.icn.icnd.obs.BucketHistogram;
import coop.icn.icnd.store.EntryStore;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Owns topics and entries and speaks gossip. Push: a new entry is announced to the peers that
 * replicate its topic; a peer missing it requests it from the announcer, and the response goes
 * to that requester only. Pull (driven by the {@link AntiEntropyActor}): digests per topic show
 * where two nodes differ, and the side that may be behind pulls, in byte-bounded, resumable
 * responses. Entries are verified (size, topic, hash, signature) on a small pool before they
 * are stored; duplicates are recognised by hash before any signature work. Writes are batched:
 * whatever arrives while a batch commits goes into the next, one transaction each.
 */
public final class GossipActor extends Actor implements PeerListener {
    public static final String NAME = "gossip";
    private static final Logger LOG = LoggerFactory.getLogger(GossipActor.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final long REREQUEST_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final NodeIdentity identity;
    private final GossipConfig config;
    private final GossipMetrics metrics;
    private final NetworkActor network;
    private final EntryStore store;
    private final int maxDataBytes;
    private final int maxBatchBytes;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    // everything below belongs to the actor's thread
    private final Map<String, TopicState> topics = new TreeMap<>();
    /** Every stored hash, whatever its topic: the duplicate check runs for each received entry. */
    private final Set<String> stored = new HashSet<>();
    private final Map<String, Pending> pendingWrites = new LinkedHashMap<>();
    /** Per hash being verified: the copy under verification first, then other copies that differ. */
    private final Map<String, ArrayDeque<Candidate>> verifying = new HashMap<>();
    private final Map<String, Long> requested = new HashMap<>();
    private final Map<Did, List<String>> peerPatterns = new HashMap<>();
    private final Map<String, PullInFlight> pulls = new HashMap<>();
    private final Set<DefaultSettableGauge<Double>> topicGauges = new HashSet<>();
    private boolean flushScheduled;
    private ExecutorService verifier;
    /** Told of every entry stored, by topic prefix; registered before start, called on this actor's thread. */
    private final Map<String, java.util.function.Consumer<Entry>> storedListeners = new java.util.concurrent.ConcurrentHashMap<>();

    /** An entry on its way to the store, where it came from, and who waits for it. */
    private record Pending(Entry entry, Did source, boolean viaPull, CompletableFuture<Entry> waiter) {
    }

    /** A received entry waiting for its verdict. */
    private record Candidate(Did from, Entry entry, boolean viaPull) {
        boolean sameAs(Entry other) {
            return java.util.Arrays.equals(entry.signature(), other.signature())
                    && java.util.Arrays.equals(entry.data(), other.data())
                    && entry.topic().equals(other.topic()) && entry.author().equals(other.author())
                    && entry.timestampMillis() == other.timestampMillis();
        }
    }

    /** A pull being answered, possibly over several responses; one per peer and topic at a time. */
    private record PullInFlight(GossipCodec.PullRequest request, long sentNanos) {
    }

    /** What one topic holds: hashes with their entry times (for eviction by age) and its digest. */
    private static final class TopicState {
        final Map<String, Long> timestamps = new HashMap<>();
        final Digest digest = new Digest();
        final TreeSet<TimedHash> byAge = new TreeSet<>();

        boolean add(String hex, byte[] hash, long timestamp) {
            if (timestamps.putIfAbsent(hex, timestamp) != null) {
                return false;
            }
            digest.add(hash);
            byAge.add(new TimedHash(timestamp, hex));
            return true;
        }

        boolean remove(String hex) {
            Long timestamp = timestamps.remove(hex);
            if (timestamp == null) {
                return false;
            }
            digest.remove(HEX.parseHex(hex));
            byAge.remove(new TimedHash(timestamp, hex));
            return true;
        }

        int size() {
            return timestamps.size();
        }
    }

    private record TimedHash(long timestamp, String hash) implements Comparable<TimedHash> {
        @Override
        public int compareTo(TimedHash other) {
            int byTime = Long.compare(timestamp, other.timestamp);
            return byTime != 0 ? byTime : hash.compareTo(other.hash);
        }
    }

    public record TopicView(String topic, int entries) {
    }

    public record EntrySummary(String hash, String author, long timestamp, int size) {
    }

    public GossipActor(ActorContext context, NodeIdentity identity, GossipConfig config, NetworkActor network,
                       EntryStore store, BucketHistogram commitTimer, int maxMessageBytes) {
        super(NAME, context);
        this.identity = identity;
        this.config = config;
        this.network = network;
        this.store = store;
        this.metrics = new GossipMetrics(context.metrics(), commitTimer);
        // an entry and its envelope must fit in one frame
        this.maxDataBytes = maxMessageBytes - 1024;
        this.maxBatchBytes = Math.min(1024 * 1024, maxMessageBytes / 2);
        registerHandlers();
        network.addPeerListener(this);
    }

    private void registerHandlers() {
        network.handle(MessageType.ANNOUNCE, (from, payload) -> {
            List<GossipCodec.Announcement> announcements = GossipCodec.readAnnounce(payload);
            metrics.announcesReceived.inc();
            tell(() -> onAnnounce(from, announcements));
        });
        network.handle(MessageType.REQUEST, (from, payload) -> {
            List<byte[]> hashes = GossipCodec.readRequest(payload);
            metrics.requestsReceived.inc();
            tell(() -> onRequest(from, hashes));
        });
        network.handle(MessageType.RESPONSE, (from, payload) -> {
            List<Entry> entries = GossipCodec.readResponse(payload);
            metrics.responsesReceived.inc();
            tell(() -> onEntries(from, entries, false));
        });
        network.handle(MessageType.DIGEST, (from, payload) -> {
            GossipCodec.ReceivedDigest digest = GossipCodec.readDigest(payload);
            metrics.digestsReceived.inc();
            tell(() -> onDigest(from, digest));
        });
        network.handle(MessageType.PULL_REQUEST, (from, payload) -> {
            GossipCodec.PullRequest request = GossipCodec.readPullRequest(payload);
            metrics.pullRequestsReceived.inc();
            tell(() -> onPullRequest(from, request));
        });
        network.handle(MessageType.PULL_RESPONSE, (from, payload) -> {
            GossipCodec.PullResponse response = GossipCodec.readPullResponse(payload);
            metrics.pullResponsesReceived.inc();
            response.entries().forEach(entry -> metrics.bytesPulled.inc(GossipCodec.entryBytes(entry)));
            tell(() -> onPullResponse(from, response));
        });
        network.handle(MessageType.SUBSCRIPTIONS, (from, payload) -> {
            List<String> patterns = GossipCodec.readSubscriptions(payload);
            tell(() -> peerPatterns.put(from, patterns));
        });
    }

    // ---- the handle ----

    /**
     * Calls {@code listener} with each entry stored from now on whose topic starts with
     * {@code topicPrefix}, after its batch commits, on this actor's thread: hand it to another
     * actor rather than working there. Entries already stored are read from the store.
     */
    public void onStored(String topicPrefix, java.util.function.Consumer<Entry> listener) {
        storedListeners.put(topicPrefix, listener);
    }

    /** Signs, stores and announces a new entry; completes once it is committed. */
    public CompletableFuture<Entry> publish(String topic, byte[] data) {
        CompletableFuture<Entry> stored = new CompletableFuture<>();
        if (!Entry.isValidTopic(topic)) {
            stored.completeExceptionally(new IllegalArgumentException("topic must be namespace:purpose, got " + topic));
            return stored;
        }
        if (data.length == 0 || data.length > maxDataBytes) {
            stored.completeExceptionally(new IllegalArgumentException(
                    "entry data must be 1 to " + maxDataBytes + " bytes, got " + data.length));
            return stored;
        }
        if (!tell(() -> {
            Entry entry = Entry.create(identity, topic, System.currentTimeMillis(), data);
            pendingWrites.put(entry.hashHex(), new Pending(entry, null, false, stored));
            scheduleFlush();
        })) {
            stored.completeExceptionally(new java.util.concurrent.RejectedExecutionException("gossip is overloaded"));
        }
        return stored;
    }

    public CompletableFuture<List<TopicView>> topics() {
        return ask(() -> topics.entrySet().stream()
                .map(e -> new TopicView(e.getKey(), e.getValue().size())).toList());
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
        return ask(() -> {
            int sent = 0;
            for (Did peer : network.connectedPeers()) {
                sent += sendDigests(peer);
            }
            return sent;
        });
    }

    // ---- lifecycle ----

    @Override
    protected void doStart() {
        for (EntryStore.HashRow row : store.index()) {
            remember(row.topic(), row.hash(), HEX.parseHex(row.hash()), row.timestampMillis());
        }
        verifier = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), runnable -> {
            Thread thread = new Thread(runnable, "gossip-verify");
            thread.setDaemon(true);
            return thread;
        });
        updateGauges();
        LOG.info("gossip: {} entries in {} topics", stored.size(), topics.size());
    }

    @Override
    protected void doStop() throws InterruptedException {
        verifier.shutdown();
        verifier.awaitTermination(5, TimeUnit.SECONDS);
        flush();
    }

    // ---- peers ----

    @Override
    public void peerUp(Did peer) {
        tell(() -> {
            network.send(peer, MessageType.SUBSCRIPTIONS, GossipCodec.subscriptions(alloc, config.getSubscriptions()));
            // a peer that just (re)joined learns at once where it differs, not a round later
            sendDigests(peer);
        });
    }

    @Override
    public void peerDown(Did peer) {
        tell(() -> {
            peerPatterns.remove(peer);
            pulls.keySet().removeIf(key -> key.startsWith(peer.value() + "|"));
        });
    }

    private boolean replicates(String topic) {
        return matchesAny(config.getSubscriptions(), topic);
    }

    private boolean peerReplicates(Did peer, String topic) {
        List<String> patterns = peerPatterns.get(peer);
        return patterns == null || matchesAny(patterns, topic);
    }

    /** Empty means every topic; {@code ns:*} a namespace; anything else one topic. */
    static boolean matchesAny(List<String> patterns, String topic) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String pattern : patterns) {
            if (pattern.equals("*") || pattern.equals(topic)
                    || (pattern.endsWith(":*") && topic.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    // ---- push: announce, request, response ----

    private void onAnnounce(Did from, List<GossipCodec.Announcement> announcements) {
        long now = System.nanoTime();
        List<byte[]> wanted = new ArrayList<>();
        for (GossipCodec.Announcement a : announcements) {
            String hex = HEX.formatHex(a.hash());
            if (!replicates(a.topic()) || isKnown(hex)) {
                continue;
            }
            Long asked = requested.get(hex);
            if (asked != null && now - asked < REREQUEST_NANOS) {
                continue;
            }
            requested.put(hex, now);
            wanted.add(a.hash());
        }
        if (!wanted.isEmpty() && network.send(from, MessageType.REQUEST, GossipCodec.request(alloc, wanted))) {
            metrics.requestsSent.inc();
        }
    }

    private void onRequest(Did from, List<byte[]> hashes) {
        List<String> hexes = hashes.stream().map(HEX::formatHex).filter(this::isStored).toList();
        sendInBatches(from, store.getAll(hexes), MessageType.RESPONSE);
    }

    /** Responses bounded in bytes: a long list becomes several messages. */
    private void sendInBatches(Did to, List<Entry> entries, MessageType type) {
        List<Entry> batch = new ArrayList<>();
        int bytes = 0;
        for (Entry entry : entries) {
            int size = GossipCodec.entryBytes(entry);
            if (!batch.isEmpty() && bytes + size > maxBatchBytes) {
                sendResponse(to, batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(entry);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            sendResponse(to, batch);
        }
    }

    private void sendResponse(Did to, List<Entry> batch) {
        if (network.send(to, MessageType.RESPONSE, GossipCodec.response(alloc, batch))) {
            metrics.responsesSent.inc();
        }
    }

    private boolean isStored(String hex) {
        return stored.contains(hex);
    }

    private void remember(String topic, String hex, byte[] hash, long timestamp) {
        if (topics.computeIfAbsent(topic, t -> new TopicState()).add(hex, hash, timestamp)) {
            stored.add(hex);
        }
    }

    private boolean isKnown(String hex) {
        return pendingWrites.containsKey(hex) || verifying.containsKey(hex) || isStored(hex);
    }

    /**
     * Entries from a peer: duplicates are dropped before any signature work, the rest verified in
     * parallel. A copy that differs from the one under verification (same claimed hash, other
     * bytes) waits its turn instead of being dropped: a forged copy sent first must not keep the
     * true one out.
     */
    private void onEntries(Did from, List<Entry> entries, boolean viaPull) {
        for (Entry entry : entries) {
            String hex = entry.hashHex();
            ArrayDeque<Candidate> queue = verifying.get(hex);
            if (pendingWrites.containsKey(hex) || isStored(hex)
                    || (queue != null && (queue.stream().anyMatch(c -> c.sameAs(entry)) || queue.size() >= 4))) {
                metrics.duplicates.inc();
                continue;
            }
            if (!replicates(entry.topic())) {
                continue;
            }
            Candidate candidate = new Candidate(from, entry, viaPull);
            if (queue != null) {
                queue.addLast(candidate);
                continue;
            }
            queue = new ArrayDeque<>();
            queue.add(candidate);
            verifying.put(hex, queue);
            verify(candidate);
        }
    }

    private void verify(Candidate candidate) {
        verifier.execute(() -> {
            String problem = candidate.entry().problem(maxDataBytes);
            tell(() -> verified(candidate, problem));
        });
    }

    private void verified(Candidate candidate, String problem) {
        Entry entry = candidate.entry();
        String hex = entry.hashHex();
        ArrayDeque<Candidate> queue = verifying.get(hex);
        queue.removeFirst();
        if (problem == null && isExpired(entry)) {
            problem = "expired";
        }
        if (problem != null) {
            metrics.rejected.labels(problem).inc();
            LOG.debug("refused {} from {}: {}", entry, candidate.from(), problem);
            if (queue.isEmpty()) {
                verifying.remove(hex);
            } else {
                verify(queue.peekFirst());
            }
            return;
        }
        verifying.remove(hex);
        metrics.duplicates.inc(queue.size());
        requested.remove(hex);
        pendingWrites.put(hex, new Pending(entry, candidate.from(), candidate.viaPull(), null));
        scheduleFlush();
    }

    /**
     * Ledger topics are kept whole: balances are recomputed from every transfer, so evicting one
     * would change history.
     */
    static boolean isRetained(String topic) {
        return topic.startsWith("ledger");
    }

    /** Older than everything a full topic keeps: storing it would only evict it again. */
    private boolean isExpired(Entry entry) {
        TopicState state = topics.get(entry.topic());
        return state != null && !isRetained(entry.topic()) && state.size() >= config.getMaxEntriesPerTopic()
                && new TimedHash(entry.timestampMillis(), entry.hashHex()).compareTo(state.byAge.first()) < 0;
    }

    // ---- the store ----

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            // queued behind what is already in the mailbox: a burst lands in one batch
            tell(this::flush);
        }
    }

    private void flush() {
        flushScheduled = false;
        if (pendingWrites.isEmpty()) {
            return;
        }
        List<Pending> batch = new ArrayList<>(pendingWrites.values());
        pendingWrites.clear();
        long started = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        try {
            store.insertAll(batch.stream().map(Pending::entry).toList(), nowMillis);
        } catch (RuntimeException e) {
            LOG.error("could not store {} entries", batch.size(), e);
            batch.forEach(p -> {
                if (p.waiter() != null) {
                    p.waiter().completeExceptionally(e);
                }
            });
            return;
        }
        metrics.commit.observe((System.nanoTime() - started) / 1e9);
        Map<Did, List<GossipCodec.Announcement>> announcements = new HashMap<>();
        List<Did> peers = network.connectedPeers();
        Set<String> touched = new HashSet<>();
        for (Pending pending : batch) {
            Entry entry = pending.entry();
            remember(entry.topic(), entry.hashHex(), entry.hash(), entry.timestampMillis());
            touched.add(entry.topic());
            storedListeners.forEach((prefix, listener) -> {
                if (entry.topic().startsWith(prefix)) {
                    listener.accept(entry);
                }
            });
            if (pending.source() == null) {
                metrics.entriesPublished.inc();
                pending.waiter().complete(entry);
            } else {
                metrics.entriesReceived.inc();
                metrics.propagation.observe(Math.max(0, nowMillis - entry.timestampMillis()) / 1000.0);
            }
            if (pending.viaPull()) {
                continue; // what anti-entropy brings, anti-entropy spreads
            }
            for (Did peer : peers) {
                if (!peer.equals(pending.source()) && peerReplicates(peer, entry.topic())) {
                    announcements.computeIfAbsent(peer, p -> new ArrayList<>())
                            .add(new GossipCodec.Announcement(entry.topic(), entry.hash()));
                }
            }
        }
        announcements.forEach((peer, list) -> {
            if (network.send(peer, MessageType.ANNOUNCE, GossipCodec.announce(alloc, list))) {
                metrics.announcesSent.inc();
            }
        });
        for (String topic : touched) {
            TopicState state = topics.get(topic);
            if (!isRetained(topic) && state.size() > config.getMaxEntriesPerTopic()) {
                for (String evicted : store.evictOldest(topic, config.getMaxEntriesPerTopic())) {
                    if (state.remove(evicted)) {
                        stored.remove(evicted);
                    }
                }
            }
        }
        updateGauges();
    }

    // ---- pull: digests, pull requests, pull responses ----

    private int sendDigests(Did peer) {
        int sent = 0;
        for (Map.Entry<String, TopicState> topic : topics.entrySet()) {
            if (peerReplicates(peer, topic.getKey()) && network.send(peer, MessageType.DIGEST,
                    GossipCodec.digest(alloc, topic.getKey(), false, topic.getValue().digest))) {
                metrics.digestsSent.inc();
                sent++;
            }
        }
        return sent;
    }

    private void onDigest(Did from, GossipCodec.ReceivedDigest received) {
        if (!replicates(received.topic()) || !Entry.isValidTopic(received.topic())) {
            return;
        }
        TopicState mine = topics.getOrDefault(received.topic(), new TopicState());
        long theyMayHaveMore = mine.digest.differingWhereOtherHolds(received.digest());
        String key = from.value() + "|" + received.topic();
        PullInFlight inFlight = pulls.get(key);
        boolean pulling = inFlight != null && System.nanoTime() - inFlight.sentNanos() < REREQUEST_NANOS;
        if (theyMayHaveMore != 0 && !pulling) {
            GossipCodec.PullRequest request = new GossipCodec.PullRequest(received.topic(), theyMayHaveMore, null,
                    heldIn(mine, theyMayHaveMore));
            pulls.put(key, new PullInFlight(request, System.nanoTime()));
            sendPullRequest(from, request);
        }
        boolean iMayHaveMore = received.digest().differingWhereOtherHolds(mine.digest) != 0;
        if (iMayHaveMore && !received.reply()
                && network.send(from, MessageType.DIGEST, GossipCodec.digest(alloc, received.topic(), true, mine.digest))) {
            // the sender is behind: tell it now, so that it pulls without waiting for its own round
            metrics.digestsSent.inc();
        }
    }

    /** What this node holds, or is about to, in the given buckets: the peer need not send those. */
    private List<byte[]> heldIn(TopicState state, long mask) {
        List<byte[]> held = new ArrayList<>();
        Set<String> candidates = new HashSet<>(state.timestamps.keySet());
        candidates.addAll(verifying.keySet());
        candidates.addAll(pendingWrites.keySet());
        for (String hex : candidates) {
            byte[] hash = HEX.parseHex(hex);
            if ((mask & (1L << Digest.bucket(hash))) != 0) {
                held.add(hash);
            }
        }
        return held;
    }

    private void sendPullRequest(Did to, GossipCodec.PullRequest request) {
        if (network.send(to, MessageType.PULL_REQUEST, GossipCodec.pullRequest(alloc, request))) {
            metrics.pullRequestsSent.inc();
        }
    }

    private void onPullRequest(Did from, GossipCodec.PullRequest request) {
        TopicState mine = topics.get(request.topic());
        TreeSet<String> missing = new TreeSet<>();
        if (mine != null) {
            Set<String> held = new HashSet<>();
            request.held().forEach(hash -> held.add(HEX.formatHex(hash)));
            String cursor = request.cursor() == null ? null : HEX.formatHex(request.cursor());
            for (String hex : mine.timestamps.keySet()) {
                if ((request.bucketMask() & (1L << Digest.bucket(HEX.parseHex(hex)))) != 0
                        && !held.contains(hex) && (cursor == null || hex.compareTo(cursor) > 0)) {
                    missing.add(hex);
                }
            }
        }
        List<String> chosen = new ArrayList<>();
        int bytes = 0;
        Map<String, Entry> loaded = new HashMap<>();
        List<String> ordered = new ArrayList<>(missing);
        // load in slices: a pull may list thousands, a response carries at most maxBatchBytes
        int index = 0;
        boolean full = false;
        while (index < ordered.size() && !full) {
            List<String> slice = ordered.subList(index, Math.min(ordered.size(), index + 256));
            store.getAll(slice).forEach(e -> loaded.put(e.hashHex(), e));
            for (String hex : slice) {
                Entry entry = loaded.get(hex);
                if (entry == null) {
                    continue;
                }
                int size = GossipCodec.entryBytes(entry);
                if (!chosen.isEmpty() && bytes + size > maxBatchBytes) {
                    full = true;
                    break;
                }
                chosen.add(hex);
                bytes += size;
            }
            index += slice.size();
        }
        boolean more = chosen.size() < missing.size();
        List<Entry> entries = chosen.stream().map(loaded::get).toList();
        if (network.send(from, MessageType.PULL_RESPONSE,
                GossipCodec.pullResponse(alloc, new GossipCodec.PullResponse(request.topic(), more, entries)))) {
            metrics.pullResponsesSent.inc();
            metrics.bytesPushed.inc(bytes);
        }
    }

    private void onPullResponse(Did from, GossipCodec.PullResponse response) {
        onEntries(from, response.entries(), true);
        String key = from.value() + "|" + response.topic();
        PullInFlight previous = pulls.get(key);
        if (response.more() && previous != null && !response.entries().isEmpty()) {
            byte[] cursor = response.entries().get(response.entries().size() - 1).hash();
            GossipCodec.PullRequest next = new GossipCodec.PullRequest(previous.request().topic(),
                    previous.request().bucketMask(), cursor, previous.request().held());
            pulls.put(key, new PullInFlight(next, System.nanoTime()));
            sendPullRequest(from, next);
        } else {
            pulls.remove(key);
        }
    }

    // ---- gauges and health ----

    private void updateGauges() {
        int total = 0;
        Map<DefaultSettableGauge<Double>, Double> perGauge = new IdentityHashMap<>();
        for (Map.Entry<String, TopicState> topic : topics.entrySet()) {
            int size = topic.getValue().size();
            total += size;
            perGauge.merge(metrics.topicEntries.labels(topic.getKey()), (double) size, Double::sum);
        }
        topicGauges.addAll(perGauge.keySet());
        for (DefaultSettableGauge<Double> gauge : topicGauges) {
            gauge.setValue(perGauge.getOrDefault(gauge, 0.0));
        }
        metrics.topics.setValue((double) topics.size());
        metrics.entries.setValue((double) total);
    }

    @Override
    protected Map<String, Object> healthDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topics", topics.size());
        details.put("entries", stored.size());
        details.put("pendingWrites", pendingWrites.size());
        details.put("verifying", verifying.size());
        details.put("maxEntriesPerTopic", config.getMaxEntriesPerTopic());
        details.put("subscriptions", config.getSubscriptions().isEmpty() ? "all" : config.getSubscriptions());
        return details;
    }
}
