package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A gossip entry: topic, author, timestamp and data, signed by the author, addressed by the
 * SHA-256 of its signed content. The hash covers
 * {@code "icn-entry-v1" | u16 len topic | u16 len author | u64 timestamp | u32 len data};
 * the signature is the author's Ed25519 signature of the 32-byte hash.
 */
public record Entry(byte[] hash, String topic, Did author, long timestampMillis, byte[] data, byte[] signature) {
    /** {@code namespace:purpose}: lower-case letters, digits, '-', '_' and '.', 1 to 64 each side. */
    public static final Pattern TOPIC = Pattern.compile("[a-z0-9][a-z0-9_.\\-]{0,63}:[a-zA-Z0-9][a-zA-Z0-9_.\\-]{0,63}");
    private static final byte[] DOMAIN = "icn-entry-v1".getBytes(StandardCharsets.US_ASCII);

    public static boolean isValidTopic(String topic) {
        return topic != null && TOPIC.matcher(topic).matches();
    }

    /** Makes and signs a new entry as {@code author}. */
    public static Entry create(NodeIdentity author, String topic, long timestampMillis, byte[] data) {
        byte[] hash = hashOf(topic, author.did(), timestampMillis, data);
        return new Entry(hash, topic, author.did(), timestampMillis, data.clone(), author.sign(hash));
    }

    public static byte[] hashOf(String topic, Did author, long timestampMillis, byte[] data) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        byte[] authorBytes = author.value().getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(DOMAIN.length + 2 + topicBytes.length + 2 + authorBytes.length + 8 + 4);
        header.put(DOMAIN).putShort((short) topicBytes.length).put(topicBytes)
                .putShort((short) authorBytes.length).put(authorBytes)
                .putLong(timestampMillis).putInt(data.length);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(header.array());
            sha.update(data);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** Why this entry must be refused, or null when it is sound (cheapest checks first). */
    public RejectReason problem(int maxDataBytes) {
        if (data.length > maxDataBytes) {
            return RejectReason.SIZE;
        }
        if (!isValidTopic(topic)) {
            return RejectReason.TOPIC;
        }
        if (!Arrays.equals(hash, hashOf(topic, author, timestampMillis, data))) {
            return RejectReason.HASH;
        }
        if (!NodeIdentity.verify(author, hash, signature)) {
            return RejectReason.SIGNATURE;
        }
        return null;
    }

    public String hashHex() {
        return HexFormat.of().formatHex(hash);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Entry e && Arrays.equals(hash, e.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "Entry[" + topic + " " + hashHex().substring(0, 12) + " by " + author + "]";
    }
}
