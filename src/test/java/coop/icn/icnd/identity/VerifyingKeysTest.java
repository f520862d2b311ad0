package coop.icn.icnd.identity;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyingKeysTest {
    private static final byte[] MESSAGE = "an entry's hash".getBytes();

    @Test
    void aVerifyWithTheKeptPointAgreesWithOneFromRawBytes() {
        NodeIdentity author = NodeIdentity.generate();
        byte[] signature = author.sign(MESSAGE);
        Random random = new Random(7);
        int valid = 0;
        for (int i = 0; i < 500; i++) {
            byte[] forged = signature.clone();
            if (i % 2 == 1) {
                forged[random.nextInt(forged.length)] ^= (byte) (1 << random.nextInt(8));
            }
            boolean raw = NodeIdentity.verify(author.publicKeyBytes(), MESSAGE, forged);
            assertThat(NodeIdentity.verify(author.did(), MESSAGE, forged)).as("signature %d", i).isEqualTo(raw);
            valid += raw ? 1 : 0;
        }
        assertThat(valid).isEqualTo(250);
        assertThat(NodeIdentity.verify(author.did(), MESSAGE, new byte[63])).isFalse();
    }

    @Test
    void aDidWhoseBytesAreNoCurvePointVerifiesNothingAndIsNotKept() {
        // y = 2 has no x on the curve (checked: BouncyCastle's raw verify refuses it too)
        Did notAPoint = Did.fromPublicKey(HexFormat.of().parseHex("0200000000000000000000000000000000000000000000000000000000000000"));
        byte[] signature = NodeIdentity.generate().sign(MESSAGE);

        assertThat(NodeIdentity.verify(notAPoint.publicKey(), MESSAGE, signature)).isFalse();
        assertThat(VerifyingKeys.of(notAPoint)).isNull();
        assertThat(NodeIdentity.verify(notAPoint, MESSAGE, signature)).isFalse();
    }

    @Test
    void manyAuthorsNeverGrowTheKeysPastTheirBound() {
        NodeIdentity first = NodeIdentity.generate();
        VerifyingKeys.of(first.did());
        for (int i = 0; i <= VerifyingKeys.MAX_KEYS; i++) {
            VerifyingKeys.of(NodeIdentity.generate().did());
            assertThat(VerifyingKeys.size()).isLessThanOrEqualTo(VerifyingKeys.MAX_KEYS);
        }
        // emptied on the way, the first author's key is decoded again and still verifies
        assertThat(NodeIdentity.verify(first.did(), MESSAGE, first.sign(MESSAGE))).isTrue();
    }
}
