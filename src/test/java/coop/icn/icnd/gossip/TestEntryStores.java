package coop.icn.icnd.gossip;

import coop.icn.icnd.store.Database;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;

/** Real, migrated H2 file stores for the gossip parts' tests, as a node opens them ({@code WRITE_DELAY=0}). */
final class TestEntryStores {
    private TestEntryStores() {
    }

    /** A store in the database {@code name} under {@code dir} (a test's temp dir, which deletes it). */
    static EntryStore open(Path dir, String name) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve(name) + ";WRITE_DELAY=0");
        h2.setUser("sa");
        Database.migrate(h2, name);
        return new EntryStore(Jdbi.create(h2));
    }
}
