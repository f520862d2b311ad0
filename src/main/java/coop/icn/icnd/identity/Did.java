package coop.icn.icnd.identity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A node's decentralised identifier: {@code did:icn:z} followed by the base58btc encoding of
 * its raw 32-byte Ed25519 public key (the upstream daemon's form, without a multicodec prefix).
 */
public record Did(String value) {
    private static final String PREFIX = "did:icn:z";

    public Did {
        if (!value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a DID starts with " + PREFIX + ": " + value);
        }
        if (Base58.decode(value, PREFIX.length()).length != NodeIdentity.PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("a DID names a 32-byte Ed25519 key: " + value);
        }
    }

    public static Did fromPublicKey(byte[] rawPublicKey) {
        if (rawPublicKey.length != NodeIdentity.PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + rawPublicKey.length);
        }
        return new Did(PREFIX + Base58.encode(rawPublicKey));
    }

    @JsonCreator
    public static Did parse(String value) {
        return new Did(value);
    }

    public byte[] publicKey() {
        return Base58.decode(value, PREFIX.length());
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
