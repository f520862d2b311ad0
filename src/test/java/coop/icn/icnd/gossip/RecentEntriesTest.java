package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.NodeIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Recent entries in front of a real H2 store: what is served from memory, what falls back, what is evicted. */
class RecentEntriesTest {
    @TempDir
    Path dir;

    private final NodeIdentity author = NodeIdentity.generate();

    private Entry entry(int i, int size) {
        byte[] data = new byte[size];
        data[0] = (byte) i;
        return Entry.create(author, "test:recent", 1_000 + i, data);
    }

    private static List<String> hexes(List<Entry> entries) {
        return entries.stream().map(Entry::hashHex).toList();
    }

    @Test
    void theOldestCommitsLeaveBeyondTheCountAndMissesComeFromTheStore() {
        EntryStore store = TestEntryStores.open(dir, "icnd");
        List<Entry> five = List.of(entry(0, 10), entry(1, 10), entry(2, 10), entry(3, 10), entry(4, 10));
        store.insertAll(five.subList(0, 1), 0);              // only the first is also in the store
        RecentEntries recent = new RecentEntries(store, 3, 1 << 20);

        five.forEach(recent::committed);

        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.bytes()).isEqualTo(3L * GossipCodec.entryBytes(five.get(0)));
        // the second was evicted and is in no store; the first is read back from H2; the rest from memory
        assertThat(recent.getAll(hexes(five)).values())
                .containsExactly(five.get(0), five.get(2), five.get(3), five.get(4));
        assertThat(recent.getAll(hexes(five)).get(five.get(0).hashHex()).data()).isEqualTo(five.get(0).data());
    }

    @Test
    void theOldestCommitsLeaveBeyondTheBytesAndAnEntryOverTheBoundIsNotKept() {
        EntryStore store = TestEntryStores.open(dir, "icnd");
        Entry first = entry(0, 1_000);
        Entry second = entry(1, 1_000);
        Entry third = entry(2, 1_000);
        int each = GossipCodec.entryBytes(first);
        RecentEntries recent = new RecentEntries(store, 100, 2L * each + each / 2);

        List.of(first, second, third).forEach(recent::committed);

        assertThat(recent.getAll(hexes(List.of(first, second, third))).values()).containsExactly(second, third);
        assertThat(recent.bytes()).isEqualTo(2L * each);

        Entry huge = entry(3, 3 * 1_000);
        recent.committed(huge);
        assertThat(recent.getAll(hexes(List.of(huge)))).as("larger than the bound: not kept").isEmpty();
        assertThat(recent.getAll(hexes(List.of(second, third))).values()).as("and nothing evicted for it")
                .containsExactly(second, third);
    }

    @Test
    void hitsAndMissesAreReturnedInTheAskedOrderAndWhatIsHeldNowhereIsAbsent() {
        EntryStore store = TestEntryStores.open(dir, "icnd");
        Entry stored = entry(0, 10);
        Entry recentOne = entry(1, 10);
        Entry storedToo = entry(2, 10);
        Entry nowhere = entry(3, 10);
        store.insertAll(List.of(stored, storedToo), 0);
        RecentEntries recent = new RecentEntries(store, 10, 1 << 20);
        recent.committed(recentOne);

        assertThat(recent.getAll(hexes(List.of(stored, recentOne, nowhere, storedToo))).keySet())
                .containsExactly(stored.hashHex(), recentOne.hashHex(), storedToo.hashHex());
    }

    @Test
    void aForgedCopyUnderACommittedHashNeverReplacesTheEntry() {
        RecentEntries recent = new RecentEntries(TestEntryStores.open(dir, "icnd"), 10, 1 << 20);
        Entry honest = entry(0, 10);
        Entry forged = new Entry(honest.hash(), honest.topic(), honest.author(), honest.timestampMillis(),
                new byte[200], honest.signature());

        recent.committed(honest);
        recent.committed(forged);

        assertThat(recent.getAll(hexes(List.of(honest))).get(honest.hashHex()).data()).isEqualTo(honest.data());
        assertThat(recent.size()).isEqualTo(1);
        assertThat(recent.bytes()).isEqualTo(GossipCodec.entryBytes(honest));
    }

    @Test
    void whatRetentionDeletesLeavesMemoryToo() {
        RecentEntries recent = new RecentEntries(TestEntryStores.open(dir, "icnd"), 10, 1 << 20);
        Entry kept = entry(0, 10);
        Entry trimmed = entry(1, 10);
        recent.committed(kept);
        recent.committed(trimmed);

        recent.evicted(List.of(trimmed.hashHex(), "00".repeat(32)));

        assertThat(recent.getAll(hexes(List.of(kept, trimmed))).values()).containsExactly(kept);
        assertThat(recent.bytes()).isEqualTo(GossipCodec.entryBytes(kept));
    }

    @Test
    void zeroKeepsNothingAndNegativeBoundsAreRefused() {
        EntryStore store = TestEntryStores.open(dir, "icnd");
        RecentEntries none = new RecentEntries(store, 0, 1 << 20);
        none.committed(entry(0, 10));
        RecentEntries noBytes = new RecentEntries(store, 10, 0);
        noBytes.committed(entry(0, 10));

        assertThat(none.size()).isZero();
        assertThat(noBytes.size()).isZero();
        assertThatThrownBy(() -> new RecentEntries(store, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
