package coop.icn.icnd.identity;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Authors' public keys, decoded to curve points once. Every verify of raw key bytes decodes the
 * point again (a field square root) after Base58-decoding the DID; the few authors of a network
 * sign nearly every entry, so a verify with the point kept costs 0.8–0.95x of one without.
 *
 * <p>Bounded, because authors come from the wire: when full it starts again empty, which costs
 * one decode per author and never grows with forged DIDs.
 */
final class VerifyingKeys {
    static final int MAX_KEYS = 4096;
    private static final ConcurrentMap<Did, Ed25519.PublicPoint> KEYS = new ConcurrentHashMap<>();

    private VerifyingKeys() {
    }

    /** The author's key as a point, or null when the 32 bytes are no point on the curve. */
    static Ed25519.PublicPoint of(Did author) {
        Ed25519.PublicPoint key = KEYS.get(author);
        if (key != null) {
            return key;
        }
        // the same check BouncyCastle makes of raw key bytes on each verify: the point decodes
        key = Ed25519.validatePublicKeyPartialExport(author.publicKey(), 0);
        if (key != null) {
            if (KEYS.size() >= MAX_KEYS) {
                KEYS.clear();
            }
            KEYS.put(author, key);
        }
        return key;
    }

    static int size() {
        return KEYS.size();
    }
}
