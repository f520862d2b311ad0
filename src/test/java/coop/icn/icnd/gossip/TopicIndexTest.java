package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.NodeIdentity;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory index: what is held, retention by age, and what pulls exchange. */
class TopicIndexTest {
    private final NodeIdentity author = NodeIdentity.generate();

    private Entry entry(String topic, long time) {
        return Entry.create(author, topic, time, ("at " + time).getBytes(StandardCharsets.UTF_8));
    }

    private static void add(TopicIndex index, Entry entry) {
        index.add(entry.topic(), entry.hashHex(), entry.hash(), entry.timestampMillis());
    }

    @Test
    void addingTwiceHoldsOnceAndTheDigestFollows() {
        TopicIndex index = new TopicIndex(10);
        Entry e = entry("test:a", 1);

        assertThat(index.add(e.topic(), e.hashHex(), e.hash(), 1)).isTrue();
        assertThat(index.add(e.topic(), e.hashHex(), e.hash(), 1)).isFalse();

        assertThat(index.contains(e.hashHex())).isTrue();
        assertThat(index.entryCount()).isEqualTo(1);
        assertThat(index.sizes()).containsExactly(java.util.Map.entry("test:a", 1));
        assertThat(index.digest("test:a").count(Digest.bucket(e.hash()))).isEqualTo(1);
        index.removeAll("test:a", List.of(e.hashHex()));
        assertThat(index.contains(e.hashHex())).isFalse();
        assertThat(index.digest("test:a").differingWhereOtherHolds(new Digest())).isZero();
    }

    @Test
    void aFullTopicIsOverfullAndRefusesWhatIsOlderThanItsOldest() {
        TopicIndex index = new TopicIndex(3);
        for (long t = 10; t < 13; t++) {
            add(index, entry("test:a", t));
        }
        assertThat(index.overfull(List.of("test:a"))).isEmpty();
        assertThat(index.isExpired("test:a", entry("test:a", 5).hashHex(), 5)).isTrue();
        assertThat(index.isExpired("test:a", entry("test:a", 20).hashHex(), 20)).isFalse();
        assertThat(index.isExpired("test:other", entry("test:other", 5).hashHex(), 5)).isFalse();

        add(index, entry("test:a", 20));
        assertThat(index.overfull(List.of("test:a", "test:other"))).containsExactly("test:a");
    }

    @Test
    void beyondLimitIsTheOldestByEntryTimeThenHash() {
        TopicIndex index = new TopicIndex(2);
        Entry late = entry("test:a", 30);
        Entry early = entry("test:a", 10);
        Entry middle = entry("test:a", 20);
        for (Entry e : List.of(late, early, middle)) {
            add(index, e);
        }
        assertThat(index.beyondLimit("test:a")).containsExactly(early.hashHex());
        add(index, entry("test:a", 25));
        assertThat(index.beyondLimit("test:a")).containsExactly(early.hashHex(), middle.hashHex());
        assertThat(index.beyondLimit("test:none")).isEmpty();
    }

    @Test
    void topicsRetainedWholeAreNeverOverfullNorExpired() {
        TopicIndex index = new TopicIndex(1);
        index.retainWhole(TopicPattern.parseAll(List.of("ledger:*")));
        add(index, entry("ledger:USD", 10));
        add(index, entry("ledger:USD", 11));
        add(index, entry("ledgerx:foo", 10));
        add(index, entry("ledgerx:foo", 11));

        assertThat(index.overfull(List.of("ledger:USD", "ledgerx:foo"))).containsExactly("ledgerx:foo");
        assertThat(index.isExpired("ledger:USD", entry("ledger:USD", 1).hashHex(), 1)).isFalse();
        assertThat(index.isExpired("ledgerx:foo", entry("ledgerx:foo", 1).hashHex(), 1)).isTrue();
    }

    @Test
    void aPullListsWhatThePeerLacksInItsBucketsAfterItsCursorInHashOrder() {
        TopicIndex index = new TopicIndex(1000);
        List<Entry> entries = new java.util.ArrayList<>();
        for (long t = 0; t < 200; t++) {
            Entry e = entry("test:a", t);
            entries.add(e);
            add(index, e);
        }
        Entry held = entries.get(0);
        long mask = 1L << Digest.bucket(held.hash()) | 1L << Digest.bucket(entries.get(1).hash());
        TreeSet<String> expected = new TreeSet<>();
        for (Entry e : entries) {
            if ((mask & (1L << Digest.bucket(e.hash()))) != 0 && e != held) {
                expected.add(e.hashHex());
            }
        }

        TreeSet<String> missing = index.missingFor("test:a", mask, Set.of(held.hashHex()), null);
        assertThat(missing).containsExactlyElementsOf(expected);
        String cursor = expected.first();
        assertThat(index.missingFor("test:a", mask, Set.of(held.hashHex()), cursor))
                .containsExactlyElementsOf(expected.tailSet(cursor, false));
        assertThat(index.missingFor("test:none", mask, Set.of(), null)).isEmpty();

        List<byte[]> heldIn = index.heldIn("test:a", mask, List.of("ff".repeat(32)));
        assertThat(heldIn).extracting(HexFormat.of()::formatHex).contains(held.hashHex())
                .hasSize(expected.size() + 1 + ((mask & (1L << 63)) != 0 ? 1 : 0));
    }
}
