package coop.icn.icnd.identity;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * This node's Ed25519 key pair and the DID it yields.
 *
 * <p>Keys are generated with the JDK, and JDK key objects are what TLS gets. Signing and
 * verifying entries and transfers uses BouncyCastle's RFC 8032 code, about ten times faster
 * here than the JDK's ({@code docs/lessons.md}); the signatures are the same standard bytes.
 */
public final class NodeIdentity {
    public static final int PUBLIC_KEY_BYTES = 32;
    public static final int SEED_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    /** DER prefix of an X.509 SubjectPublicKeyInfo holding a raw Ed25519 key (RFC 8410). */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final byte[] seed;
    private final byte[] publicKey;
    private final Did did;

    private NodeIdentity(byte[] seed) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("an Ed25519 private key seed has 32 bytes, not " + seed.length);
        }
        this.seed = seed.clone();
        this.publicKey = new byte[PUBLIC_KEY_BYTES];
        Ed25519.generatePublicKey(this.seed, 0, publicKey, 0);
        this.did = Did.fromPublicKey(publicKey);
    }

    /** A fresh identity from the JDK's Ed25519 key pair generator. */
    public static NodeIdentity generate() {
        try {
            EdECPrivateKey key = (EdECPrivateKey) KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
            return new NodeIdentity(key.getBytes().orElseThrow());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    public static NodeIdentity fromSeed(byte[] seed) {
        return new NodeIdentity(seed);
    }

    public Did did() {
        return did;
    }

    public byte[] publicKeyBytes() {
        return publicKey.clone();
    }

    byte[] seed() {
        return seed.clone();
    }

    /**
     * Signs with the public key given: without it, BouncyCastle derives it from the seed again,
     * a second scalar multiplication that doubled the cost of each signature (measured 0.4–0.6x).
     */
    public byte[] sign(byte[] message) {
        byte[] signature = new byte[SIGNATURE_BYTES];
        Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    public static boolean verify(byte[] rawPublicKey, byte[] message, byte[] signature) {
        return signature.length == SIGNATURE_BYTES && rawPublicKey.length == PUBLIC_KEY_BYTES
                && Ed25519.verify(signature, 0, rawPublicKey, 0, message, 0, message.length);
    }

    /** As {@link #verify(byte[], byte[], byte[])}, with the author's key decoded once ({@link VerifyingKeys}). */
    public static boolean verify(Did author, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        Ed25519.PublicPoint key = VerifyingKeys.of(author);
        return key != null && Ed25519.verify(signature, 0, key, message, 0, message.length);
    }

    /** The private key as a JDK object, for TLS. */
    public PrivateKey privateKey() {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    /** The public key as a JDK object, for TLS. */
    public PublicKey publicKey() {
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + PUBLIC_KEY_BYTES);
        System.arraycopy(publicKey, 0, spki, SPKI_PREFIX.length, PUBLIC_KEY_BYTES);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519", e);
        }
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + did + "]";
    }
}
