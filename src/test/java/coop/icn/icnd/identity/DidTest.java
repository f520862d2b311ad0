package coop.icn.icnd.identity;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DidTest {
    /** RFC 8032 §7.1, test 1. */
    private static final byte[] SEED = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] PUBLIC = HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

    @Test
    void aFixedKeyGivesAKnownDid() {
        NodeIdentity identity = NodeIdentity.fromSeed(SEED);

        assertThat(identity.publicKeyBytes()).isEqualTo(PUBLIC);
        // base58btc computed independently (Python) from the RFC's public key
        assertThat(identity.did().value()).isEqualTo("did:icn:zFVen3X669xLzsi6N2V91DoiyzHzg1uAgqiT8jZ9nS96Z");
        assertThat(Did.parse(identity.did().value()).publicKey()).isEqualTo(PUBLIC);
    }

    @Test
    void signaturesMatchTheRfcVectorAndVerifyWithTheJdkKeyToo() throws Exception {
        NodeIdentity identity = NodeIdentity.fromSeed(SEED);
        byte[] signature = identity.sign(new byte[0]);

        assertThat(HexFormat.of().formatHex(signature)).isEqualTo(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        assertThat(NodeIdentity.verify(PUBLIC, new byte[0], signature)).isTrue();
        // Java 17.0.15's SunEC rejects every signature over an empty message (seen here), so the
        // JDK cross-check signs one byte
        byte[] message = {0x72};
        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initVerify(identity.publicKey());
        jdk.update(message);
        assertThat(jdk.verify(identity.sign(message))).isTrue();
        signature[0] ^= 1;
        assertThat(NodeIdentity.verify(PUBLIC, new byte[0], signature)).isFalse();
    }

    @Test
    void jdkPrivateKeySignsWhatBouncyCastleSigns() throws Exception {
        NodeIdentity identity = NodeIdentity.generate();
        java.security.Signature jdk = java.security.Signature.getInstance("Ed25519");
        jdk.initSign(identity.privateKey());
        jdk.update("hello".getBytes());

        assertThat(jdk.sign()).isEqualTo(identity.sign("hello".getBytes()));
    }

    @Test
    void base58KeepsLeadingZeros() {
        assertThat(Base58.encode(HexFormat.of().parseHex("0000ff"))).isEqualTo("115Q");
        assertThat(Base58.decode("115Q")).isEqualTo(HexFormat.of().parseHex("0000ff"));
        assertThat(Base58.decode(Base58.encode(new byte[32]))).isEqualTo(new byte[32]);
    }

    @Test
    void base58RoundTripsEveryLengthAndLeadingZeros() {
        java.util.Random random = new java.util.Random(58);
        for (int length = 0; length <= 40; length++) {
            for (int zeros = 0; zeros <= Math.min(3, length); zeros++) {
                byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                java.util.Arrays.fill(bytes, 0, zeros, (byte) 0);
                String encoded = Base58.encode(bytes);
                assertThat(Base58.decode(encoded)).as(encoded).isEqualTo(bytes);
                assertThat(Base58.decode("z" + encoded, 1)).isEqualTo(bytes);
            }
        }
        assertThat(Base58.decode("")).isEmpty();
        assertThat(Base58.decode("z", 1)).isEmpty();
    }

    @Test
    void malformedDidsAreRefused() {
        assertThatThrownBy(() -> Did.parse("did:key:z6Mk")).hasMessageContaining("did:icn:z");
        assertThatThrownBy(() -> Did.parse("did:icn:z0OIl")).hasMessageContaining("not base58");
        assertThatThrownBy(() -> Did.parse("did:icn:z2222")).hasMessageContaining("32-byte");
    }
}
