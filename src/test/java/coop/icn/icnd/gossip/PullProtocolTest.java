package coop.icn.icnd.gossip;

import com.codahale.metrics.MetricRegistry;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.net.MessageType;
import coop.icn.icnd.net.PeerMessenger;
import coop.icn.icnd.obs.MetricFactory;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Anti-entropy between two nodes without QUIC: frames go through a hand-pumped wire, each side
 * with a real store. Both directions heal in one exchange, in byte-bounded responses resumed
 * from a cursor, and nothing is sent twice.
 */
class PullProtocolTest {
    private static final String TOPIC = "test:pull";
    private static final int MAX_BATCH_BYTES = 64 * 1024;

    @TempDir
    Path dir;

    private final NodeIdentity author = NodeIdentity.generate();
    private final ArrayDeque<Frame> wire = new ArrayDeque<>();

    private record Frame(Side to, Side from, MessageType type, ByteBuf payload) {
    }

    /** One node's pull side: its store, index and protocol, and what it received. */
    private final class Side implements PeerMessenger {
        final Did did = NodeIdentity.generate().did();
        final EntryStore store;
        final RecentEntries recent;
        final TopicIndex index = new TopicIndex(100_000);
        final GossipMetrics metrics = new GossipMetrics(new MetricFactory(new MetricRegistry(), 10));
        final PullProtocol pull;
        final Set<String> received = new HashSet<>();
        int duplicatesReceived;
        Side peer;

        /** {@code recentEntries}: how many of its last commits the side serves from memory. */
        Side(String name, int recentEntries) {
            store = TestEntryStores.open(dir, name);
            recent = new RecentEntries(store, recentEntries, 64L << 20);
            pull = new PullProtocol(this, metrics, recent, index, new Subscriptions(List.of()), List::of, MAX_BATCH_BYTES,
                    entry -> "");
        }

        /** What the gossip actor does at a commit. */
        void hold(List<Entry> entries) {
            store.insertAll(entries, 0);
            committed(entries);
        }

        /** As committed, but in no store: serving these proves the store was not read. */
        void holdInMemoryOnly(List<Entry> entries) {
            committed(entries);
        }

        private void committed(List<Entry> entries) {
            entries.forEach(e -> {
                index.add(e.topic(), e.hashHex(), e.hash(), e.timestampMillis());
                recent.committed(e);
            });
        }

        @Override
        public boolean send(Did to, MessageType type, ByteBuf payload) {
            assertThat(to).isEqualTo(peer.did);
            wire.add(new Frame(peer, this, type, payload));
            return true;
        }

        @Override
        public List<Did> connectedPeers() {
            return List.of(peer.did);
        }

        /** What the gossip actor does with each frame, minus verification threads and batching. */
        void receive(Frame frame) {
            ByteBuf in = frame.payload();
            try {
                switch (frame.type()) {
                    case DIGEST -> pull.onDigest(frame.from().did, GossipCodec.readDigest(in));
                    case PULL_REQUEST -> pull.onPullRequest(frame.from().did, GossipCodec.readPullRequest(in));
                    case PULL_RESPONSE -> {
                        GossipCodec.PullResponse response = GossipCodec.readPullResponse(in);
                        for (Entry entry : response.entries()) {
                            assertThat(entry.problem(1 << 20)).isNull();
                            if (!received.add(entry.hashHex()) || index.contains(entry.hashHex())) {
                                duplicatesReceived++;
                                continue;
                            }
                            hold(List.of(entry));
                        }
                        pull.onPullResponse(frame.from().did, response);
                    }
                    default -> throw new AssertionError("unexpected " + frame.type());
                }
            } finally {
                in.release();
            }
        }
    }

    private List<Entry> entries(int from, int to) {
        List<Entry> out = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            byte[] data = new byte[2_000];
            data[0] = (byte) i;
            data[1] = (byte) (i >> 8);
            out.add(Entry.create(author, TOPIC, 1_000 + i, data));
        }
        return out;
    }

    private int pump() {
        int frames = 0;
        for (Frame frame; (frame = wire.poll()) != null; frames++) {
            frame.to().receive(frame);
            assertThat(frames).as("the exchange ends").isLessThan(10_000);
        }
        return frames;
    }

    @Test
    void bothSidesHealInOneExchangeInBoundedResumedResponses() {
        // A serves its last 50 commits from memory and the 240 before from the store
        Side a = new Side("a", 50);
        Side b = new Side("b", 0);
        a.peer = b;
        b.peer = a;
        List<Entry> all = entries(0, 300);
        a.hold(all.subList(0, 290));                         // A lacks the last ten
        b.hold(all.subList(0, 20));                          // B has only the first twenty...
        b.hold(all.subList(290, 300));                       // ...and the ten A lacks

        assertThat(a.pull.sendDigests(b.did)).isEqualTo(1);
        pump();

        assertThat(a.index.entryCount()).isEqualTo(300);
        assertThat(b.index.entryCount()).isEqualTo(300);
        assertThat(a.index.digest(TOPIC).differingWhereOtherHolds(b.index.digest(TOPIC))).isZero();
        assertThat(b.index.digest(TOPIC).differingWhereOtherHolds(a.index.digest(TOPIC))).isZero();
        assertThat(b.received).hasSize(270);
        assertThat(a.received).hasSize(10);
        assertThat(a.duplicatesReceived + b.duplicatesReceived).as("nothing sent twice").isZero();
        // 270 entries of about 2 KiB cannot fit one 64 KiB response: the pull resumed from cursors
        long responses = (long) a.metrics.pullResponsesSent.getCount();
        assertThat(responses).isGreaterThanOrEqualTo(270 * 2_000 / MAX_BATCH_BYTES + 1);
        assertThat(b.metrics.pullRequestsSent.getCount()).isEqualTo(responses);
        // B saw that A was behind and answered the first digest with its own: one request, one response
        assertThat(b.metrics.digestsSent.getCount()).isEqualTo(1);
        assertThat(a.metrics.pullRequestsSent.getCount()).isEqualTo(1);
        assertThat(b.metrics.pullResponsesSent.getCount()).isEqualTo(1);
        assertThat(b.metrics.bytesPushed.getCount()).isEqualTo(all.subList(290, 300).stream()
                .mapToLong(GossipCodec::entryBytes).sum());
        assertThat(a.metrics.bytesPushed.getCount()).isEqualTo(all.subList(20, 290).stream()
                .mapToLong(GossipCodec::entryBytes).sum());
    }

    @Test
    void aPullOfRecentEntriesIsAnsweredFromMemory() {
        Side a = new Side("a", 1_000);
        Side b = new Side("b", 1_000);
        a.peer = b;
        b.peer = a;
        List<Entry> all = entries(0, 100);
        a.hold(all.subList(0, 40));
        a.holdInMemoryOnly(all.subList(40, 100));

        a.pull.sendDigests(b.did);
        pump();

        assertThat(b.received).containsExactlyInAnyOrderElementsOf(all.stream().map(Entry::hashHex).toList());
        assertThat(b.store.count()).isEqualTo(100);
        assertThat(b.duplicatesReceived).isZero();
    }

    @Test
    void equalSidesExchangeOneDigestAndNothingElse() {
        Side a = new Side("a", 10);
        Side b = new Side("b", 10);
        a.peer = b;
        b.peer = a;
        List<Entry> all = entries(0, 50);
        a.hold(all);
        b.hold(all);

        a.pull.sendDigests(b.did);

        assertThat(pump()).isEqualTo(1);
        assertThat(b.metrics.pullRequestsSent.getCount()).isZero();
        assertThat(b.metrics.digestsSent.getCount()).isZero();
    }
}
