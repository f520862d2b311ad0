package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.net.FrameCodec;
import coop.icn.icnd.net.MalformedFrameException;
import coop.icn.icnd.net.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Payloads of the gossip messages (big-endian; strings are u16-length UTF-8):
 * <pre>
 * ANNOUNCE      u32 n, n x (string topic, 32-byte hash)
 * REQUEST       u32 n, n x 32-byte hash
 * RESPONSE      u32 n, n x (entry, string traceparent)
 * DIGEST        string topic, u8 reply, 64 x (u32 count, u64 fingerprint)
 * PULL_REQUEST  string topic, u64 bucket mask, u8 has-cursor, [32-byte cursor], u32 n, n x 32-byte hash (held)
 * PULL_RESPONSE string topic, u8 more, u32 n, n x (entry, string traceparent)
 * SUBSCRIPTIONS u16 n, n x string pattern
 * entry         32-byte hash, string topic, string author, u64 timestamp, u32 length, data, 64-byte signature
 * </pre>
 * The traceparent (W3C, empty for none) is transport metadata beside the signed entry: the trace
 * context the sender had for it, so a trace follows an entry across nodes. It is never verified,
 * stored or hashed; one that cannot be parsed starts a new trace.
 * Counts are checked against what remains before anything is allocated for them.
 */
final class GossipCodec {
    static final int HASH_BYTES = 32;
    static final int BUCKETS = Digest.BUCKETS;

    private GossipCodec() {
    }

    record Announcement(String topic, byte[] hash) {
        String hashHex() {
            return java.util.HexFormat.of().formatHex(hash);
        }
    }

    record PullRequest(String topic, long bucketMask, byte[] cursor, List<byte[]> held) {
    }

    record PullResponse(String topic, boolean more, List<Entry> entries, List<String> traceparents) {
    }

    /** Entries as received, each with the traceparent it came with ("" for none), in order. */
    record Received(List<Entry> entries, List<String> traceparents) {
    }

    /** The most a traceparent may take: W3C's is 55 characters; anything longer is not one. */
    static final int MAX_TRACEPARENT = 128;

    // ---- encoding ----

    static ByteBuf announce(ByteBufAllocator alloc, List<Announcement> announcements) {
        ByteBuf out = alloc.buffer();
        out.writeInt(announcements.size());
        for (Announcement a : announcements) {
            FrameCodec.writeString(out, a.topic());
            out.writeBytes(a.hash());
        }
        return out;
    }

    static ByteBuf request(ByteBufAllocator alloc, List<byte[]> hashes) {
        ByteBuf out = alloc.buffer(4 + hashes.size() * HASH_BYTES);
        out.writeInt(hashes.size());
        hashes.forEach(out::writeBytes);
        return out;
    }

    static ByteBuf response(ByteBufAllocator alloc, List<Entry> entries, Function<Entry, String> traceparent) {
        ByteBuf out = alloc.buffer();
        out.writeInt(entries.size());
        entries.forEach(entry -> writeEntry(out, entry, traceparent.apply(entry)));
        return out;
    }

    static ByteBuf digest(ByteBufAllocator alloc, String topic, boolean reply, Digest digest) {
        ByteBuf out = alloc.buffer(3 + topic.length() + 1 + BUCKETS * 12);
        FrameCodec.writeString(out, topic);
        out.writeByte(reply ? 1 : 0);
        for (int i = 0; i < BUCKETS; i++) {
            out.writeInt(digest.count(i));
            out.writeLong(digest.fingerprint(i));
        }
        return out;
    }

    static ByteBuf pullRequest(ByteBufAllocator alloc, PullRequest request) {
        ByteBuf out = alloc.buffer();
        FrameCodec.writeString(out, request.topic());
        out.writeLong(request.bucketMask());
        out.writeByte(request.cursor() == null ? 0 : 1);
        if (request.cursor() != null) {
            out.writeBytes(request.cursor());
        }
        out.writeInt(request.held().size());
        request.held().forEach(out::writeBytes);
        return out;
    }

    static ByteBuf pullResponse(ByteBufAllocator alloc, PullResponse response) {
        ByteBuf out = alloc.buffer();
        FrameCodec.writeString(out, response.topic());
        out.writeByte(response.more() ? 1 : 0);
        out.writeInt(response.entries().size());
        for (int i = 0; i < response.entries().size(); i++) {
            writeEntry(out, response.entries().get(i), response.traceparents().get(i));
        }
        return out;
    }

    static ByteBuf subscriptions(ByteBufAllocator alloc, List<String> patterns) {
        ByteBuf out = alloc.buffer();
        out.writeShort(patterns.size());
        patterns.forEach(pattern -> FrameCodec.writeString(out, pattern));
        return out;
    }

    /** Bytes an entry takes on the wire. */
    static int entryBytes(Entry entry) {
        return HASH_BYTES + 2 + entry.topic().length() + 2 + entry.author().value().length() + 8 + 4
                + entry.data().length + 64;
    }

    private static void writeEntry(ByteBuf out, Entry entry, String traceparent) {
        out.writeBytes(entry.hash());
        FrameCodec.writeString(out, entry.topic());
        FrameCodec.writeString(out, entry.author().value());
        out.writeLong(entry.timestampMillis());
        out.writeInt(entry.data().length);
        out.writeBytes(entry.data());
        out.writeBytes(entry.signature());
        FrameCodec.writeString(out, traceparent.length() <= MAX_TRACEPARENT ? traceparent : "");
    }

    // ---- decoding: strict, as every frame ----

    static List<Announcement> readAnnounce(ByteBuf in) {
        int n = count(in, 2 + HASH_BYTES, "announcements");
        List<Announcement> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String topic = FrameCodec.readString(in, "topic");
            out.add(new Announcement(topic, bytes(in, HASH_BYTES, "hash")));
        }
        FrameCodec.end(in, MessageType.ANNOUNCE);
        return out;
    }

    static List<byte[]> readRequest(ByteBuf in) {
        int n = count(in, HASH_BYTES, "hashes");
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(bytes(in, HASH_BYTES, "hash"));
        }
        FrameCodec.end(in, MessageType.REQUEST);
        return out;
    }

    static Received readResponse(ByteBuf in) {
        Received received = readEntries(in);
        FrameCodec.end(in, MessageType.RESPONSE);
        return received;
    }

    record ReceivedDigest(String topic, boolean reply, Digest digest) {
    }

    static ReceivedDigest readDigest(ByteBuf in) {
        String topic = FrameCodec.readString(in, "topic");
        FrameCodec.need(in, 1 + BUCKETS * 12, "digest");
        boolean reply = in.readByte() != 0;
        int[] counts = new int[BUCKETS];
        long[] fingerprints = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = in.readInt();
            fingerprints[i] = in.readLong();
        }
        FrameCodec.end(in, MessageType.DIGEST);
        return new ReceivedDigest(topic, reply, new Digest(counts, fingerprints));
    }

    static PullRequest readPullRequest(ByteBuf in) {
        String topic = FrameCodec.readString(in, "topic");
        FrameCodec.need(in, 9, "pull request");
        long mask = in.readLong();
        byte[] cursor = in.readByte() != 0 ? bytes(in, HASH_BYTES, "cursor") : null;
        int n = count(in, HASH_BYTES, "held hashes");
        List<byte[]> held = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            held.add(bytes(in, HASH_BYTES, "hash"));
        }
        FrameCodec.end(in, MessageType.PULL_REQUEST);
        return new PullRequest(topic, mask, cursor, held);
    }

    static PullResponse readPullResponse(ByteBuf in) {
        String topic = FrameCodec.readString(in, "topic");
        FrameCodec.need(in, 1, "more flag");
        boolean more = in.readByte() != 0;
        Received received = readEntries(in);
        FrameCodec.end(in, MessageType.PULL_RESPONSE);
        return new PullResponse(topic, more, received.entries(), received.traceparents());
    }

    static List<String> readSubscriptions(ByteBuf in) {
        FrameCodec.need(in, 2, "pattern count");
        int n = in.readUnsignedShort();
        List<String> patterns = new ArrayList<>(Math.min(n, 256));
        for (int i = 0; i < n; i++) {
            patterns.add(FrameCodec.readString(in, "pattern"));
        }
        FrameCodec.end(in, MessageType.SUBSCRIPTIONS);
        return patterns;
    }

    private static Received readEntries(ByteBuf in) {
        int n = count(in, HASH_BYTES + 2 + 2 + 8 + 4 + 64 + 2, "entries");
        List<Entry> out = new ArrayList<>(n);
        List<String> traceparents = new ArrayList<>(n);
        // a response usually carries one author's entries: parsing a DID decodes its key, so reuse it
        Did previous = null;
        for (int i = 0; i < n; i++) {
            byte[] hash = bytes(in, HASH_BYTES, "hash");
            String topic = FrameCodec.readString(in, "topic");
            String author = FrameCodec.readString(in, "author");
            FrameCodec.need(in, 12, "timestamp and length");
            long timestamp = in.readLong();
            int length = in.readInt();
            if (length < 0) {
                throw new MalformedFrameException("negative data length");
            }
            byte[] data = bytes(in, length, "data");
            byte[] signature = bytes(in, 64, "signature");
            Did did = previous != null && previous.value().equals(author) ? previous : author(author);
            previous = did;
            out.add(new Entry(hash, topic, did, timestamp, data, signature));
            String traceparent = FrameCodec.readString(in, "traceparent");
            traceparents.add(traceparent.length() <= MAX_TRACEPARENT ? traceparent : "");
        }
        return new Received(out, traceparents);
    }

    private static Did author(String text) {
        try {
            return Did.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedFrameException("bad author " + text);
        }
    }

    private static int count(ByteBuf in, int minBytesEach, String what) {
        FrameCodec.need(in, 4, what + " count");
        long n = in.readUnsignedInt();
        if (n * minBytesEach > in.readableBytes()) {
            throw new MalformedFrameException(n + " " + what + " cannot fit in " + in.readableBytes() + " bytes");
        }
        return (int) n;
    }

    private static byte[] bytes(ByteBuf in, int length, String what) {
        FrameCodec.need(in, length, what);
        byte[] out = new byte[length];
        in.readBytes(out);
        return out;
    }
}
