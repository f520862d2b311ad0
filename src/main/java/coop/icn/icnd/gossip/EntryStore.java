package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.Did;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Gossip entries in the database (table {@code gossip_entries}, {@code docs/storage.md}). Gossip
 * owns it; the {@code store} package only provides the migrated, pooled database underneath. Writes come in batches, one transaction each, so that a burst
 * of entries costs one commit (and with {@code WRITE_DELAY=0} on H2, one sync) instead of one
 * per entry; a caller is answered only after its batch commits.
 */
public final class EntryStore {
    private static final HexFormat HEX = HexFormat.of();
    private final Jdbi jdbi;

    public EntryStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record HashRow(String topic, String hash, long timestampMillis) {
    }

    /** Inserts new entries (the caller knows they are new) in one transaction. */
    public void insertAll(Collection<Entry> entries, long storedMillis) {
        if (entries.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch("INSERT INTO gossip_entries"
                    + " (hash, topic, author, timestamp_ms, data, signature, stored_ms)"
                    + " VALUES (:hash, :topic, :author, :ts, :data, :signature, :stored)");
            for (Entry entry : entries) {
                batch.bind("hash", entry.hash()).bind("topic", entry.topic()).bind("author", entry.author().value())
                        .bind("ts", entry.timestampMillis()).bind("data", entry.data())
                        .bind("signature", entry.signature()).bind("stored", storedMillis).add();
            }
            batch.execute();
        });
    }

    /** Every held entry's topic, hash and time: the gossip actor's in-memory index at start. */
    public List<HashRow> index() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT topic, hash, timestamp_ms FROM gossip_entries")
                .map((rs, ctx) -> new HashRow(rs.getString(1), HEX.formatHex(rs.getBytes(2)), rs.getLong(3))).list());
    }

    public Optional<Entry> get(String hashHex) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM gossip_entries WHERE hash = :hash")
                .bind("hash", HEX.parseHex(hashHex)).map((rs, ctx) -> entry(rs)).findOne());
    }

    public List<Entry> getAll(List<String> hashes) {
        if (hashes.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM gossip_entries WHERE hash IN (<hashes>)")
                .bindList("hashes", bytes(hashes)).map((rs, ctx) -> entry(rs)).list());
    }

    /** Every entry whose topic matches one of {@code patterns}, oldest first. */
    public List<Entry> inTopics(List<TopicPattern> patterns) {
        if (patterns.isEmpty()) {
            return List.of();
        }
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            TopicPattern pattern = patterns.get(i);
            if (pattern.equals(TopicPattern.ALL)) {
                conditions.add("TRUE");
            } else if (pattern.namespace() != null) {
                // the namespace with its colon, so "ledger" never matches "ledgerx:..."; '_' escaped by '!'
                // (a namespace holds neither '!' nor '%')
                conditions.add("topic LIKE :p" + i + " ESCAPE '!'");
            } else {
                conditions.add("topic = :p" + i);
            }
        }
        String sql = "SELECT * FROM gossip_entries WHERE " + String.join(" OR ", conditions) + " ORDER BY timestamp_ms, hash";
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery(sql);
            for (int i = 0; i < patterns.size(); i++) {
                TopicPattern pattern = patterns.get(i);
                if (pattern.namespace() != null) {
                    query.bind("p" + i, pattern.namespace().replace("_", "!_") + ":%");
                } else if (!pattern.equals(TopicPattern.ALL)) {
                    query.bind("p" + i, pattern.text());
                }
            }
            return query.map((rs, ctx) -> entry(rs)).list();
        });
    }

    /** The newest entries of a topic, newest first. */
    public List<Entry> newest(String topic, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM gossip_entries WHERE topic = :topic"
                        + " ORDER BY timestamp_ms DESC, hash DESC LIMIT :limit")
                .bind("topic", topic).bind("limit", limit).map((rs, ctx) -> entry(rs)).list());
    }

    /** Deletes these entries (retention's choice), in one transaction. */
    public void deleteAll(List<String> hexes) {
        if (hexes.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            // bounded IN lists: PostgreSQL takes at most 32767 parameters per statement
            for (int from = 0; from < hexes.size(); from += 1000) {
                handle.createUpdate("DELETE FROM gossip_entries WHERE hash IN (<hashes>)")
                        .bindList("hashes", bytes(hexes.subList(from, Math.min(hexes.size(), from + 1000)))).execute();
            }
        });
    }

    public long count() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM gossip_entries").mapTo(Long.class).one());
    }

    /** Hashes are hex in memory and their 32 bytes in the table ({@code V3__Binary_entry_hashes}). */
    private static List<byte[]> bytes(List<String> hexes) {
        return hexes.stream().map(HEX::parseHex).toList();
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getBytes("hash"), rs.getString("topic"), Did.parse(rs.getString("author")),
                rs.getLong("timestamp_ms"), rs.getBytes("data"), rs.getBytes("signature"));
    }
}
