package coop.icn.icnd.gossip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * What the node holds, in memory: per topic the stored hashes with their entry times (for
 * eviction by age) and the topic's {@link Digest}, plus one set of every stored hash (the
 * duplicate check runs for each received entry, whatever its topic). Built from the store at
 * start, then kept in step with it by the gossip actor, whose thread alone touches it.
 *
 * <p>Retention: a topic keeps at most {@code maxEntriesPerTopic} entries, the oldest (by entry
 * time, then hash) going first, unless a component exempted it with {@link #retainWhole}.
 */
final class TopicIndex {
    private static final HexFormat HEX = HexFormat.of();

    private final int maxEntriesPerTopic;
    private final Map<String, TopicState> topics = new TreeMap<>();
    private final Set<String> stored = new HashSet<>();
    /** Registered by other components before start (the ledger keeps its topics whole). */
    private final List<TopicPattern> retainedWhole = new CopyOnWriteArrayList<>();

    TopicIndex(int maxEntriesPerTopic) {
        this.maxEntriesPerTopic = maxEntriesPerTopic;
    }

    /** Topics whose entries are never evicted, whatever {@code gossip.maxEntriesPerTopic} says. */
    void retainWhole(Collection<TopicPattern> patterns) {
        retainedWhole.addAll(patterns);
    }

    boolean isRetainedWhole(String topic) {
        return TopicPattern.anyMatches(retainedWhole, topic);
    }

    /** Adds a stored entry; false when it was already held. */
    boolean add(String topic, String hex, byte[] hash, long timestampMillis) {
        if (topics.computeIfAbsent(topic, t -> new TopicState()).add(hex, hash, timestampMillis)) {
            stored.add(hex);
            return true;
        }
        return false;
    }

    boolean contains(String hex) {
        return stored.contains(hex);
    }

    /** Older than everything a full topic keeps: storing it would only evict it again. */
    boolean isExpired(String topic, String hex, long timestampMillis) {
        TopicState state = topics.get(topic);
        return state != null && !isRetainedWhole(topic) && state.size() >= maxEntriesPerTopic
                && new TimedHash(timestampMillis, hex).compareTo(state.byAge.first()) < 0;
    }

    /** Of {@code touched}, the topics now holding more than they may keep. */
    List<String> overfull(Collection<String> touched) {
        List<String> out = new ArrayList<>();
        for (String topic : touched) {
            TopicState state = topics.get(topic);
            if (state != null && state.size() > maxEntriesPerTopic && !isRetainedWhole(topic)) {
                out.add(topic);
            }
        }
        return out;
    }

    /**
     * The hashes of {@code topic} beyond its newest {@code maxEntriesPerTopic}, oldest first (by
     * entry time, then hash): what retention deletes. Read from memory, where the store would
     * need a sort of the whole topic on every commit once it is full.
     */
    List<String> beyondLimit(String topic) {
        TopicState state = topics.get(topic);
        List<String> doomed = new ArrayList<>();
        if (state == null) {
            return doomed;
        }
        int over = state.size() - maxEntriesPerTopic;
        for (java.util.Iterator<TimedHash> oldest = state.byAge.iterator(); doomed.size() < over && oldest.hasNext(); ) {
            doomed.add(oldest.next().hash());
        }
        return doomed;
    }

    int maxEntriesPerTopic() {
        return maxEntriesPerTopic;
    }

    /** Forgets entries the store evicted. */
    void removeAll(String topic, Collection<String> hexes) {
        TopicState state = topics.get(topic);
        if (state == null) {
            return;
        }
        for (String hex : hexes) {
            if (state.remove(hex)) {
                stored.remove(hex);
            }
        }
    }

    /** The digest of a topic; an empty one for a topic not held. */
    Digest digest(String topic) {
        TopicState state = topics.get(topic);
        return state == null ? new Digest() : state.digest;
    }

    void forEachDigest(BiConsumer<String, Digest> action) {
        topics.forEach((topic, state) -> action.accept(topic, state.digest));
    }

    /** The hashes held in {@code topic} in the buckets of {@code bucketMask}, plus those of {@code alsoHeld} there. */
    List<byte[]> heldIn(String topic, long bucketMask, Collection<String> alsoHeld) {
        Set<String> candidates = new HashSet<>(alsoHeld);
        TopicState state = topics.get(topic);
        if (state != null) {
            candidates.addAll(state.timestamps.keySet());
        }
        List<byte[]> held = new ArrayList<>();
        for (String hex : candidates) {
            byte[] hash = HEX.parseHex(hex);
            if (inMask(bucketMask, hash)) {
                held.add(hash);
            }
        }
        return held;
    }

    /**
     * What a peer asked for in a pull: the hashes of {@code topic} in its buckets that it does not
     * hold, after its cursor, in hash order (so the next pull resumes from the last one sent).
     */
    TreeSet<String> missingFor(String topic, long bucketMask, Set<String> peerHolds, String cursorHex) {
        TreeSet<String> missing = new TreeSet<>();
        TopicState state = topics.get(topic);
        if (state == null) {
            return missing;
        }
        for (String hex : state.timestamps.keySet()) {
            if ((cursorHex == null || hex.compareTo(cursorHex) > 0) && !peerHolds.contains(hex)
                    && inMask(bucketMask, HEX.parseHex(hex))) {
                missing.add(hex);
            }
        }
        return missing;
    }

    private static boolean inMask(long bucketMask, byte[] hash) {
        return (bucketMask & (1L << Digest.bucket(hash))) != 0;
    }

    /** Entries held per topic, in topic order. */
    Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        topics.forEach((topic, state) -> sizes.put(topic, state.size()));
        return sizes;
    }

    int topicCount() {
        return topics.size();
    }

    int entryCount() {
        return stored.size();
    }

    /** One topic's hashes with their entry times, in age order, and its digest. */
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
}
