package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * Stores each gossip entry's hash as its 32 bytes instead of 64 hex characters. In JFR, H2's
 * character-column work for the hash (padding a {@code CHAR}, writing the string) was its hottest
 * code on every insert. Written in Java because H2 and PostgreSQL share no SQL that parses hex;
 * the rows are copied to a new table, which then takes the old one's name.
 */
public class V3__Binary_entry_hashes extends BaseJavaMigration {
    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            // H2 commits each DDL statement: a node killed during the copy left a partial table
            ddl.execute("DROP TABLE IF EXISTS gossip_entries_v3");
            ddl.execute("CREATE TABLE gossip_entries_v3 ("
                    + " hash BYTEA NOT NULL PRIMARY KEY,"
                    + " topic VARCHAR(129) NOT NULL,"
                    + " author VARCHAR(128) NOT NULL,"
                    + " timestamp_ms BIGINT NOT NULL,"
                    + " data BYTEA NOT NULL,"
                    + " signature BYTEA NOT NULL,"
                    + " stored_ms BIGINT NOT NULL)");
            copyRows(connection);
            ddl.execute("DROP TABLE gossip_entries");
            ddl.execute("ALTER TABLE gossip_entries_v3 RENAME TO gossip_entries");
            // listing a topic newest first (GET /v1/topics/{topic}/entries)
            ddl.execute("CREATE INDEX gossip_entries_topic_time ON gossip_entries (topic, timestamp_ms, hash)");
        }
    }

    private static void copyRows(Connection connection) throws SQLException {
        HexFormat hex = HexFormat.of();
        try (Statement read = connection.createStatement();
             PreparedStatement write = connection.prepareStatement("INSERT INTO gossip_entries_v3"
                     + " (hash, topic, author, timestamp_ms, data, signature, stored_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            // streamed, not held: PostgreSQL honours the fetch size inside Flyway's transaction
            read.setFetchSize(BATCH);
            try (ResultSet rows = read.executeQuery("SELECT hash, topic, author, timestamp_ms, data, signature, stored_ms"
                    + " FROM gossip_entries")) {
                int pending = 0;
                while (rows.next()) {
                    write.setBytes(1, hex.parseHex(rows.getString(1).trim()));
                    write.setString(2, rows.getString(2));
                    write.setString(3, rows.getString(3));
                    write.setLong(4, rows.getLong(4));
                    write.setBytes(5, rows.getBytes(5));
                    write.setBytes(6, rows.getBytes(6));
                    write.setLong(7, rows.getLong(7));
                    write.addBatch();
                    if (++pending == BATCH) {
                        write.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    write.executeBatch();
                }
            }
        }
    }
}
