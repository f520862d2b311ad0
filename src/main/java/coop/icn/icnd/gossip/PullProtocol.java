package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.net.MessageType;
import coop.icn.icnd.net.PeerMessenger;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Anti-entropy's wire side: a {@code DIGEST} per topic shows where two nodes differ; the side
 * that may be behind sends a {@code PULL_REQUEST} listing what it holds in the differing
 * buckets; the {@code PULL_RESPONSE}s carry what it lacks, at most {@code maxBatchBytes} each,
 * and a response marked "more" is followed by a pull resumed after its last hash. A receiver
 * that sees the sender is behind answers with its own digest, so both directions heal in one
 * exchange. One pull per peer and topic is in flight at a time. Belongs to the gossip actor's
 * thread.
 */
final class PullProtocol {
    private static final long PULL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(PushProtocol.REREQUEST_SECONDS);
    /** Hashes looked up at a time (memory, then the store) while filling a response. */
    private static final int LOAD_SLICE = 256;
    private static final HexFormat HEX = HexFormat.of();

    private record PullKey(Did peer, String topic) {
    }

    /** A pull being answered, possibly over several responses. */
    private record InFlight(GossipCodec.PullRequest request, long sentNanos) {
    }

    private final PeerMessenger network;
    private final GossipMetrics metrics;
    private final RecentEntries entries;
    private final TopicIndex index;
    private final Subscriptions subscriptions;
    private final Supplier<Collection<String>> arriving;
    private final int maxBatchBytes;
    private final java.util.function.Function<Entry, String> traceparent;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final Map<PullKey, InFlight> pulls = new HashMap<>();

    /** {@code arriving}: hashes being verified or written, which a peer need not send again. */
    PullProtocol(PeerMessenger network, GossipMetrics metrics, RecentEntries entries, TopicIndex index,
                 Subscriptions subscriptions, Supplier<Collection<String>> arriving, int maxBatchBytes,
                 java.util.function.Function<Entry, String> traceparent) {
        this.traceparent = traceparent;
        this.network = network;
        this.metrics = metrics;
        this.entries = entries;
        this.index = index;
        this.subscriptions = subscriptions;
        this.arriving = arriving;
        this.maxBatchBytes = maxBatchBytes;
    }

    /** A digest of every topic {@code peer} replicates; returns how many were sent. */
    int sendDigests(Did peer) {
        int[] sent = {0};
        index.forEachDigest((topic, digest) -> {
            if (subscriptions.peerReplicates(peer, topic)
                    && network.send(peer, MessageType.DIGEST, GossipCodec.digest(alloc, topic, false, digest))) {
                metrics.digestsSent.inc();
                sent[0]++;
            }
        });
        return sent[0];
    }

    void onDigest(Did from, GossipCodec.ReceivedDigest received) {
        String topic = received.topic();
        if (!Entry.isValidTopic(topic) || !subscriptions.replicates(topic)) {
            return;
        }
        Digest mine = index.digest(topic);
        long theyMayHaveMore = mine.differingWhereOtherHolds(received.digest());
        PullKey key = new PullKey(from, topic);
        InFlight inFlight = pulls.get(key);
        boolean pulling = inFlight != null && System.nanoTime() - inFlight.sentNanos() < PULL_TIMEOUT_NANOS;
        if (theyMayHaveMore != 0 && !pulling) {
            send(from, key, new GossipCodec.PullRequest(topic, theyMayHaveMore, null,
                    index.heldIn(topic, theyMayHaveMore, arriving.get())));
        }
        boolean iMayHaveMore = received.digest().differingWhereOtherHolds(mine) != 0;
        if (iMayHaveMore && !received.reply()
                && network.send(from, MessageType.DIGEST, GossipCodec.digest(alloc, topic, true, mine))) {
            // the sender is behind: tell it now, so that it pulls without waiting for its own round
            metrics.digestsSent.inc();
        }
    }

    private void send(Did to, PullKey key, GossipCodec.PullRequest request) {
        pulls.put(key, new InFlight(request, System.nanoTime()));
        if (network.send(to, MessageType.PULL_REQUEST, GossipCodec.pullRequest(alloc, request))) {
            metrics.pullRequestsSent.inc();
        }
    }

    /** Sends what the peer lacks of the buckets it asked about, up to {@code maxBatchBytes}. */
    void onPullRequest(Did from, GossipCodec.PullRequest request) {
        Set<String> peerHolds = new HashSet<>();
        request.held().forEach(hash -> peerHolds.add(HEX.formatHex(hash)));
        String cursor = request.cursor() == null ? null : HEX.formatHex(request.cursor());
        List<String> missing = new ArrayList<>(index.missingFor(request.topic(), request.bucketMask(), peerHolds, cursor));
        List<Entry> chosen = new ArrayList<>();
        int bytes = 0;
        // load in slices: a pull may list thousands, a response carries at most maxBatchBytes
        filling:
        for (int start = 0; start < missing.size(); start += LOAD_SLICE) {
            List<String> slice = missing.subList(start, Math.min(missing.size(), start + LOAD_SLICE));
            Map<String, Entry> loaded = entries.getAll(slice);
            for (String hex : slice) {
                Entry entry = loaded.get(hex);
                if (entry == null) {
                    continue; // evicted since the index was read
                }
                int size = GossipCodec.entryBytes(entry);
                if (!chosen.isEmpty() && bytes + size > maxBatchBytes) {
                    break filling;
                }
                chosen.add(entry);
                bytes += size;
            }
        }
        boolean more = chosen.size() < missing.size();
        if (network.send(from, MessageType.PULL_RESPONSE,
                GossipCodec.pullResponse(alloc, new GossipCodec.PullResponse(request.topic(), more, chosen,
                        chosen.stream().map(traceparent).toList())))) {
            metrics.pullResponsesSent.inc();
            metrics.bytesPushed.inc(bytes);
        }
    }

    /** After the response's entries were taken in: resumes the pull when the peer has more. */
    void onPullResponse(Did from, GossipCodec.PullResponse response) {
        PullKey key = new PullKey(from, response.topic());
        InFlight previous = pulls.remove(key);
        if (response.more() && previous != null && !response.entries().isEmpty()) {
            byte[] cursor = response.entries().get(response.entries().size() - 1).hash();
            GossipCodec.PullRequest last = previous.request();
            send(from, key, new GossipCodec.PullRequest(last.topic(), last.bucketMask(), cursor, last.held()));
        }
    }

    void peerGone(Did peer) {
        pulls.keySet().removeIf(key -> key.peer().equals(peer));
    }
}
