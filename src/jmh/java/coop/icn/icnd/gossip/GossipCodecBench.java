package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.net.FrameCodec;
import coop.icn.icnd.net.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The wire path of one RESPONSE of {@value #ENTRIES} entries of 256 bytes by one author, as a
 * publisher sends them: encoding it into a frame, and decoding it into entries (without the
 * signature check itself, about 90 us an entry). Run with {@code -prof gc} for the bytes
 * allocated per operation: decoding took 693,938 B per response (10.8 KB an entry, most of it
 * {@code BigInteger}s of the author's Base58) before {@code Base58} decoded in place and a
 * response's entries shared their author's DID, 45,326 B (708 B an entry) after; the author's
 * key for a signature check, 10,144 B before and 104 B after.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GossipCodecBench {
    static final int ENTRIES = 64;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private List<Entry> entries;
    private ByteBuf encoded;

    @Setup
    public void setUp() {
        NodeIdentity author = NodeIdentity.generate();
        entries = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            byte[] data = new byte[256];
            data[0] = (byte) i;
            entries.add(Entry.create(author, "bench:codec", 1_000 + i, data));
        }
        encoded = GossipCodec.response(alloc, entries, entry -> "");
    }

    @TearDown
    public void tearDown() {
        encoded.release();
    }

    @Benchmark
    public int encodeResponseFrame() {
        ByteBuf frame = FrameCodec.encode(alloc, MessageType.RESPONSE, GossipCodec.response(alloc, entries, entry -> ""));
        int bytes = frame.readableBytes();
        frame.release();
        return bytes;
    }

    /** What each signature check pays to learn the author's key from its DID. */
    @Benchmark
    public byte[] authorPublicKey() {
        return entries.get(0).author().publicKey();
    }

    @Benchmark
    public GossipCodec.Received decodeResponse() {
        return GossipCodec.readResponse(encoded.duplicate());
    }
}
