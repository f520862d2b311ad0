package coop.icn.icnd.gossip;

import coop.icn.icnd.TestPostgres;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database written before V3 (hashes as hex text) keeps every entry through the migration to
 * binary hashes, on H2 and on PostgreSQL, and the store finds each one by its hash afterwards.
 */
class EntryHashMigrationTest {
    private static final NodeIdentity AUTHOR = NodeIdentity.generate();

    @Test
    void h2EntriesWrittenAsHexAreFoundByHashAfterTheMigration(@TempDir Path dir) throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("old") + ";WRITE_DELAY=0");
        h2.setUser("sa");
        migratesEveryEntry(h2);
    }

    @Test
    void postgresEntriesWrittenAsHexAreFoundByHashAfterTheMigration() throws Exception {
        try (EmbeddedPostgres postgres = TestPostgres.start()) {
            migratesEveryEntry(postgres.getPostgresDatabase());
        }
    }

    private static void migratesEveryEntry(DataSource dataSource) throws SQLException {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("2").load().migrate();
        List<Entry> written = new ArrayList<>();
        // more than one of the migration's copy batches, over two topics
        for (int i = 0; i < 2_500; i++) {
            written.add(Entry.create(AUTHOR, i % 2 == 0 ? "test:even" : "test:odd", 1_000 + i / 2, ("entry " + i).getBytes()));
        }
        insertAsVersion2Did(dataSource, written);

        Database.migrate(dataSource, "test");

        EntryStore store = new EntryStore(Jdbi.create(dataSource));
        assertThat(store.count()).isEqualTo(written.size());
        for (Entry entry : List.of(written.get(0), written.get(1_234), written.get(2_499))) {
            Entry read = store.get(entry.hashHex()).orElseThrow();
            assertThat(read.data()).isEqualTo(entry.data());
            assertThat(read.signature()).isEqualTo(entry.signature());
            assertThat(read.problem(1024)).isNull();
        }
        assertThat(store.index()).extracting(EntryStore.HashRow::hash)
                .containsExactlyInAnyOrderElementsOf(written.stream().map(Entry::hashHex).toList());
        // newest first by time, then by hash: the binary order is the order of the hex text
        List<Entry> odd = written.stream().filter(e -> e.topic().equals("test:odd"))
                .sorted(Comparator.comparingLong(Entry::timestampMillis).thenComparing(Entry::hashHex).reversed()).toList();
        assertThat(store.newest("test:odd", 5)).containsExactlyElementsOf(odd.subList(0, 5));
        // and new entries go in beside the migrated ones
        Entry fresh = Entry.create(AUTHOR, "test:even", 9_999, "after".getBytes());
        store.insertAll(List.of(fresh), 0);
        store.deleteAll(List.of(written.get(0).hashHex()));
        assertThat(store.get(fresh.hashHex())).contains(fresh);
        assertThat(store.get(written.get(0).hashHex())).isEmpty();
    }

    /** Rows as the store wrote them up to V2: the hash as 64 hex characters. */
    private static void insertAsVersion2Did(DataSource dataSource, List<Entry> entries) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO gossip_entries"
                     + " (hash, topic, author, timestamp_ms, data, signature, stored_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Entry entry : entries) {
                insert.setString(1, entry.hashHex());
                insert.setString(2, entry.topic());
                insert.setString(3, entry.author().value());
                insert.setLong(4, entry.timestampMillis());
                insert.setBytes(5, entry.data());
                insert.setBytes(6, entry.signature());
                insert.setLong(7, 0);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
