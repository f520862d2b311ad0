package coop.icn.icnd.gossip;

import com.codahale.metrics.MetricRegistry;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.net.MessageType;
import coop.icn.icnd.net.PeerMessenger;
import coop.icn.icnd.obs.MetricFactory;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Push without QUIC: what is requested after an announcement, and how responses are cut. */
class PushProtocolTest {
    private static final int MAX_BATCH_BYTES = 16 * 1024;

    @TempDir
    Path dir;

    private final NodeIdentity author = NodeIdentity.generate();
    private final Did peer = NodeIdentity.generate().did();
    private final GossipMetrics metrics = new GossipMetrics(new MetricFactory(new MetricRegistry(), 10));
    private final List<Sent> sent = new ArrayList<>();

    private record Sent(Did to, MessageType type, ByteBuf payload) {
    }

    private final PeerMessenger wire = new PeerMessenger() {
        @Override
        public boolean send(Did to, MessageType type, ByteBuf payload) {
            sent.add(new Sent(to, type, payload));
            return true;
        }

        @Override
        public List<Did> connectedPeers() {
            return List.of(peer);
        }
    };

    @AfterEach
    void release() {
        sent.forEach(s -> s.payload().release());
    }

    private EntryStore store() {
        return TestEntryStores.open(dir, "icnd");
    }

    /** Nothing committed through it yet: every entry is read from the store. */
    private static RecentEntries recent(EntryStore store) {
        return new RecentEntries(store, 100, 1 << 20);
    }

    private List<Entry> answered() {
        List<Entry> answered = new ArrayList<>();
        for (Sent s : sent) {
            assertThat(s.type()).isEqualTo(MessageType.RESPONSE);
            assertThat(s.payload().readableBytes()).isLessThanOrEqualTo(MAX_BATCH_BYTES + 64);
            answered.addAll(GossipCodec.readResponse(s.payload()).entries());
        }
        return answered;
    }

    private Entry entry(int i, int size) {
        byte[] data = new byte[size];
        data[0] = (byte) i;
        return Entry.create(author, "test:push", 1_000 + i, data);
    }

    @Test
    void anAnnouncementIsRequestedOnceForWhatIsWantedUntilItArrives() {
        PushProtocol push = new PushProtocol(wire, metrics, recent(store()), MAX_BATCH_BYTES, entry -> "");
        Entry wanted = entry(1, 10);
        Entry known = entry(2, 10);
        List<GossipCodec.Announcement> announced = List.of(new GossipCodec.Announcement(wanted.topic(), wanted.hash()),
                new GossipCodec.Announcement(known.topic(), known.hash()));

        push.onAnnounce(peer, announced, a -> !a.hashHex().equals(known.hashHex()));
        push.onAnnounce(peer, announced, a -> !a.hashHex().equals(known.hashHex()));

        assertThat(sent).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(MessageType.REQUEST);
            assertThat(GossipCodec.readRequest(s.payload())).extracting(HexFormat.of()::formatHex)
                    .containsExactly(wanted.hashHex());
        });
        assertThat(metrics.requestsSent.getCount()).isEqualTo(1);

        // it arrived (from anyone) and was lost again: a later announcement may ask once more
        push.arrived(wanted.hashHex());
        push.onAnnounce(peer, announced, a -> !a.hashHex().equals(known.hashHex()));
        assertThat(sent).hasSize(2);
        assertThat(GossipCodec.readRequest(sent.get(1).payload())).hasSize(1);
    }

    @Test
    void aRequestIsAnsweredWithWhatIsHeldInResponsesOfBoundedSize() {
        EntryStore store = store();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(entry(i, 4_000));
        }
        store.insertAll(entries, 0);
        PushProtocol push = new PushProtocol(wire, metrics, recent(store), MAX_BATCH_BYTES, entry -> "");
        List<byte[]> asked = new ArrayList<>(entries.stream().map(Entry::hash).toList());
        asked.add(new byte[32]);                                   // not held: silently skipped

        push.onRequest(peer, asked, hex -> !hex.equals("00".repeat(32)));

        assertThat(answered()).containsExactlyInAnyOrderElementsOf(entries);
        assertThat(sent.size()).isGreaterThanOrEqualTo(3);
        assertThat(metrics.responsesSent.getCount()).isEqualTo(sent.size());
    }

    @Test
    void recentEntriesAreServedFromMemoryAndEvictedOnesFromTheStore() {
        EntryStore store = store();
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            entries.add(entry(i, 4_000));
        }
        store.insertAll(entries.subList(0, 2), 0);
        RecentEntries recent = new RecentEntries(store, 4, 1 << 20);
        // the first two were committed earliest and have left memory; the other four are in no
        // store at all, so answering them proves the store was not read for them
        entries.forEach(recent::committed);
        PushProtocol push = new PushProtocol(wire, metrics, recent, MAX_BATCH_BYTES, entry -> "");

        push.onRequest(peer, entries.stream().map(Entry::hash).toList(), hex -> true);

        List<Entry> answered = answered();
        assertThat(answered).containsExactlyElementsOf(entries);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(answered.get(i).data()).isEqualTo(entries.get(i).data());
            assertThat(answered.get(i).problem(1 << 20)).isNull();
        }
        assertThat(metrics.responsesSent.getCount()).isEqualTo(sent.size());
    }

    @Test
    void aCommittedBatchIsOneAnnouncePerPeer() {
        PushProtocol push = new PushProtocol(wire, metrics, recent(store()), MAX_BATCH_BYTES, entry -> "");
        Entry one = entry(1, 1);
        Entry two = entry(2, 1);

        push.announce(Map.of(peer, List.of(new GossipCodec.Announcement(one.topic(), one.hash()),
                new GossipCodec.Announcement(two.topic(), two.hash()))));

        assertThat(sent).singleElement().satisfies(s -> assertThat(GossipCodec.readAnnounce(s.payload())).hasSize(2));
        assertThat(metrics.announcesSent.getCount()).isEqualTo(1);
    }
}
