package coop.icn.icnd.gossip;

/**
 * A compact summary of the hashes a node holds in one topic: 64 buckets (by the top six bits
 * of the hash), each with a count and the XOR of the hashes' first eight bytes. Two nodes
 * holding the same set have equal digests; the buckets that differ say where to look, so a
 * pull only lists the hashes of those buckets. Maintained incrementally, O(1) per entry.
 */
final class Digest {
    static final int BUCKETS = 64;

    private final int[] counts;
    private final long[] fingerprints;

    Digest() {
        this(new int[BUCKETS], new long[BUCKETS]);
    }

    Digest(int[] counts, long[] fingerprints) {
        this.counts = counts;
        this.fingerprints = fingerprints;
    }

    static int bucket(byte[] hash) {
        return (hash[0] & 0xff) >>> 2;
    }

    private static long prefix(byte[] hash) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (hash[i] & 0xff);
        }
        return value;
    }

    void add(byte[] hash) {
        int b = bucket(hash);
        counts[b]++;
        fingerprints[b] ^= prefix(hash);
    }

    void remove(byte[] hash) {
        int b = bucket(hash);
        counts[b]--;
        fingerprints[b] ^= prefix(hash);
    }

    int count(int bucket) {
        return counts[bucket];
    }

    long fingerprint(int bucket) {
        return fingerprints[bucket];
    }

    /** Buckets (as a bit mask) where {@code other} holds something and differs from this. */
    long differingWhereOtherHolds(Digest other) {
        long mask = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (other.counts[i] > 0 && (other.counts[i] != counts[i] || other.fingerprints[i] != fingerprints[i])) {
                mask |= 1L << i;
            }
        }
        return mask;
    }
}
