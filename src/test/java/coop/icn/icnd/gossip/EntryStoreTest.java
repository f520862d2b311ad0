package coop.icn.icnd.gossip;

import coop.icn.icnd.TestPostgres;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The entry store against the embedded default (H2) and a real PostgreSQL, each migrated by Flyway. */
class EntryStoreTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private final NodeIdentity author = NodeIdentity.generate();
    @TempDir
    Path h2Dir;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = TestPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    /** A fresh, migrated database of the given kind. */
    private EntryStore store(String kind) throws IOException, SQLException {
        DataSource dataSource;
        if (kind.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:file:" + h2Dir.resolve("icnd") + ";WRITE_DELAY=0");
            h2.setUser("sa");
            dataSource = h2;
        } else {
            String name = "entries_" + DATABASES.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE DATABASE " + name);
            }
            dataSource = postgres.getDatabase("postgres", name);
        }
        Database.migrate(dataSource, kind);
        return new EntryStore(Jdbi.create(dataSource));
    }

    private Entry entry(String topic, long time, String data) {
        return Entry.create(author, topic, time, data.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void entriesRoundTripByteForByte(String kind) throws Exception {
        EntryStore store = store(kind);
        Entry first = entry("test:a", 1000, "one");
        Entry binary = Entry.create(author, "test:b", 2000, new byte[] {0, -1, 127, -128, 0});

        store.insertAll(List.of(first, binary), 5000);

        Entry read = store.get(binary.hashHex()).orElseThrow();
        assertThat(read.data()).isEqualTo(binary.data());
        assertThat(read.signature()).isEqualTo(binary.signature());
        assertThat(read.author()).isEqualTo(author.did());
        assertThat(read.problem(1024)).as("a stored entry still verifies").isNull();
        assertThat(store.getAll(List.of(first.hashHex(), binary.hashHex(), "00".repeat(32)))).hasSize(2);
        assertThat(store.get("00".repeat(32))).isEmpty();
        assertThat(store.count()).isEqualTo(2);
        assertThat(store.index()).extracting(EntryStore.HashRow::hash)
                .containsExactlyInAnyOrder(first.hashHex(), binary.hashHex());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void newestFollowsEntryTimeAndDeleteAllRemovesExactlyTheHashesGiven(String kind) throws Exception {
        EntryStore store = store(kind);
        List<Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(entry("test:a", 1000 + i, "e" + i));
            store.insertAll(List.of(entries.get(i)), 5000);
        }
        store.insertAll(List.of(entry("test:b", 1, "other topic")), 5000);

        assertThat(store.newest("test:a", 3)).extracting(Entry::timestampMillis).containsExactly(1009L, 1008L, 1007L);
        store.deleteAll(entries.subList(0, 6).stream().map(Entry::hashHex).toList());

        assertThat(store.newest("test:a", 100)).extracting(Entry::timestampMillis)
                .containsExactly(1009L, 1008L, 1007L, 1006L);
        assertThat(store.newest("test:b", 100)).hasSize(1);
        assertThat(store.get(entries.get(0).hashHex())).isEmpty();
        store.deleteAll(List.of());
        assertThat(store.count()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aBatchIsOneTransaction(String kind) throws Exception {
        EntryStore store = store(kind);
        Entry kept = entry("test:a", 1, "kept");
        store.insertAll(List.of(kept), 1);

        // the second row repeats a primary key: the whole batch must roll back
        assertThatThrownBy(() -> store.insertAll(List.of(entry("test:a", 2, "new"), kept), 2))
                .isInstanceOf(RuntimeException.class);

        assertThat(store.count()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void topicPatternsSelectWholeNamespacesOnly(String kind) throws Exception {
        EntryStore store = store(kind);
        Entry meta = entry("ledger-meta:currencies", 1, "m");
        Entry transfer = entry("ledger:USD", 2, "t");
        Entry lookalike = entry("ledgerx:foo", 3, "x");
        Entry underscore = entry("a_b:x", 4, "u");
        Entry wildcardBait = entry("aqb:x", 5, "w");
        store.insertAll(List.of(meta, transfer, lookalike, underscore, wildcardBait), 9);

        assertThat(store.inTopics(TopicPattern.parseAll(List.of("ledger-meta:*", "ledger:*"))))
                .containsExactly(meta, transfer);
        assertThat(store.inTopics(List.of(TopicPattern.parse("a_b:*")))).as("'_' is not a LIKE wildcard here")
                .containsExactly(underscore);
        assertThat(store.inTopics(List.of(TopicPattern.parse("ledgerx:foo")))).containsExactly(lookalike);
        assertThat(store.inTopics(List.of(TopicPattern.ALL))).hasSize(5);
        assertThat(store.inTopics(List.of())).isEmpty();
    }
}
