package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.store.Database;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One group commit of {@value #BATCH} new 256-byte entries, through {@link EntryStore#insertAll}
 * (Jdbi's named-parameter batch) and through the same statement on plain JDBC: the difference is
 * what Jdbi costs on the gossip actor's hottest call. The database is an in-memory H2: on a file
 * with {@code WRITE_DELAY=0}, as a node runs, each commit waits for the disk's sync, about 60
 * times as long as its CPU and as variable as the disk. Measured: Jdbi 1.15-1.18x plain JDBC, about 3.5 us a row, about 1% of a
 * replicated entry's CPU ({@code docs/performance.md}); so {@code EntryStore} keeps Jdbi.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class EntryStoreBench {
    static final int BATCH = 100;
    private static final String INSERT = "INSERT INTO gossip_entries"
            + " (hash, topic, author, timestamp_ms, data, signature, stored_ms) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private final NodeIdentity author = NodeIdentity.generate();
    private final byte[] signature = new byte[64];
    private JdbcDataSource h2;
    private EntryStore store;
    private List<Entry> batch;
    private long timestamp;

    @Setup(Level.Trial)
    public void open() {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Database.migrate(h2, "bench");
        store = new EntryStore(Jdbi.create(h2));
    }

    /** Fresh entries for each commit: random hashes, as SHA-256 gives, so the key B-tree splits as it does live. */
    @Setup(Level.Invocation)
    public void nextBatch() {
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            byte[] hash = new byte[32];
            ThreadLocalRandom.current().nextBytes(hash);
            batch.add(new Entry(hash, "bench:store", author.did(), timestamp++, new byte[256], signature));
        }
    }

    @Benchmark
    public void insertAllThroughJdbi() {
        store.insertAll(batch, System.currentTimeMillis());
    }

    @Benchmark
    public void insertAllOnPlainJdbc() throws SQLException {
        long stored = System.currentTimeMillis();
        try (Connection connection = h2.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Entry entry : batch) {
                    insert.setBytes(1, entry.hash());
                    insert.setString(2, entry.topic());
                    insert.setString(3, entry.author().value());
                    insert.setLong(4, entry.timestampMillis());
                    insert.setBytes(5, entry.data());
                    insert.setBytes(6, entry.signature());
                    insert.setLong(7, stored);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }
}
