package coop.icn.icnd.gossip;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries committed most recently, in memory in front of the {@link EntryStore}: peers ask
 * for an entry ({@code REQUEST}, or a pull after a digest) moments after it was announced, and
 * re-reading from the database what was just written cost the gossip thread a query per
 * request. Holds at most {@code gossip.recentEntries} entries and
 * {@code gossip.recentEntriesBytes} of them (counted as on the wire), the oldest commit leaving
 * first; misses are read from the store. Filled only at commit, so it holds nothing the store
 * does not (an entry refused or not yet durable is never served from here), and emptied of
 * what retention evicts. Belongs to the gossip actor's thread.
 */
final class RecentEntries {
    private final EntryStore store;
    private final int maxEntries;
    private final long maxBytes;
    /** In commit order: the eldest is evicted first. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private long bytes;

    RecentEntries(EntryStore store, int maxEntries, long maxBytes) {
        if (maxEntries < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("bounds must not be negative: " + maxEntries + " entries, " + maxBytes + " bytes");
        }
        this.store = store;
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** An entry just committed; one larger than the byte bound is not kept. */
    void committed(Entry entry) {
        long size = GossipCodec.entryBytes(entry);
        if (maxEntries == 0 || size > maxBytes || entries.putIfAbsent(entry.hashHex(), entry) != null) {
            return; // a hash is committed once; a second copy under it is never a replacement
        }
        bytes += size;
        Iterator<Entry> eldest = entries.values().iterator();
        while (entries.size() > maxEntries || bytes > maxBytes) {
            bytes -= GossipCodec.entryBytes(eldest.next());
            eldest.remove();
        }
    }

    /** Retention deleted these from the store. */
    void evicted(List<String> hexes) {
        for (String hex : hexes) {
            Entry gone = entries.remove(hex);
            if (gone != null) {
                bytes -= GossipCodec.entryBytes(gone);
            }
        }
    }

    /**
     * The entries held of {@code hexes}, keyed and ordered as asked: from memory where present,
     * the rest in one read of the store. A hash held nowhere is absent from the result.
     */
    Map<String, Entry> getAll(List<String> hexes) {
        Map<String, Entry> found = new LinkedHashMap<>();
        List<String> misses = new ArrayList<>();
        for (String hex : hexes) {
            Entry entry = entries.get(hex);
            // the key keeps its place in the asked order; a miss is filled in below or removed
            found.put(hex, entry);
            if (entry == null) {
                misses.add(hex);
            }
        }
        if (!misses.isEmpty()) {
            store.getAll(misses).forEach(entry -> found.put(entry.hashHex(), entry));
            found.values().removeIf(entry -> entry == null);
        }
        return found;
    }

    int size() {
        return entries.size();
    }

    long bytes() {
        return bytes;
    }
}
