package coop.icn.icnd.bench;

import coop.icn.icnd.identity.NodeIdentity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The signature work one replicated entry costs, timed in this JVM on one thread, through the
 * node's own code path ({@link NodeIdentity#sign}, {@link NodeIdentity#verify}): the author signs
 * the entry's 32-byte hash once, and each of the two other nodes verifies it once.
 */
public final class SignatureFloor {
    public record Round(double signMicros, double verifyMicros) {
        /** Replicated entries per second if signatures were the only work: 1 / (sign + 2 verifies). */
        public double entriesPerSecond() {
            return 1e6 / (signMicros + 2 * verifyMicros);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "sign %.1f µs, verify %.1f µs: floor %,.0f replicated entries/s",
                    signMicros, verifyMicros, entriesPerSecond());
        }
    }

    private final NodeIdentity key = NodeIdentity.generate();
    private final MessageDigest sha256;
    private long counter;

    public SignatureFloor() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs for {@code millis}, then verifies for {@code millis}, distinct hashes each time. */
    public Round measure(long millis) {
        long signs = 0;
        long start = System.nanoTime();
        long until = start + millis * 1_000_000L;
        byte[] hash = null;
        byte[] signature = null;
        while (System.nanoTime() < until) {
            hash = nextHash();
            signature = key.sign(hash);
            signs++;
        }
        double signMicros = (System.nanoTime() - start) / 1e3 / signs;
        long verifies = 0;
        start = System.nanoTime();
        until = start + millis * 1_000_000L;
        while (System.nanoTime() < until) {
            if (!NodeIdentity.verify(key.did(), hash, signature)) {
                throw new IllegalStateException("a signature of this JVM did not verify");
            }
            verifies++;
        }
        return new Round(signMicros, (System.nanoTime() - start) / 1e3 / verifies);
    }

    private byte[] nextHash() {
        long n = counter++;
        for (int i = 0; i < 8; i++) {
            sha256.update((byte) (n >>> (8 * i)));
        }
        return sha256.digest();
    }
}
