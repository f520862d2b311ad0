package coop.icn.icnd;

import coop.icn.icnd.obs.Scrape;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A node on a real PostgreSQL, chosen by configuration alone (the database: block). */
@ExtendWith(DropwizardExtensionsSupport.class)
class PostgresNodeTest {
    private static final EmbeddedPostgres POSTGRES = start();
    static final DropwizardAppExtension<IcndConfiguration> APP = TestNodes.node(TestNodes.tempDataDir(),
            ConfigOverride.config("database.driverClass", "org.postgresql.Driver"),
            ConfigOverride.config("database.url", POSTGRES.getJdbcUrl("postgres", "postgres")),
            ConfigOverride.config("database.user", "postgres"),
            ConfigOverride.config("database.password", "postgres"));

    private static EmbeddedPostgres start() {
        try {
            return TestPostgres.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        POSTGRES.close();
    }

    @Test
    void entriesGoToPostgresAndTheDatabaseCheckSeesIt() throws Exception {
        Response published = TestNodes.rpc(APP, "/v1/topics/test:pg/entries")
                .post(Entity.entity("stored in postgres", MediaType.APPLICATION_OCTET_STREAM));
        assertThat(published.getStatus()).isEqualTo(201);
        String hash = published.readEntity(new GenericType<Map<String, String>>() { }).get("hash");

        try (var connection = POSTGRES.getPostgresDatabase().getConnection();
             var statement = connection.prepareStatement("SELECT data FROM gossip_entries WHERE hash = ?")) {
            statement.setBytes(1, java.util.HexFormat.of().parseHex(hash));
            var rows = statement.executeQuery();
            assertThat(rows.next()).isTrue();
            assertThat(new String(rows.getBytes(1))).isEqualTo("stored in postgres");
        }
        assertThat(TestNodes.rpc(APP, "/v1/entries/" + hash).get(String.class)).isEqualTo("stored in postgres");
        TestNodes.Health health = TestNodes.health(APP);
        assertThat(health.healthy("database")).isTrue();
        assertThat(TestNodes.metrics(APP).value("icn_store_pool_max_connections")).isPositive();
    }

    @Test
    void thereIsNoH2FileGaugeButTheDataDirectorysDiskIsThere() {
        Scrape scrape = TestNodes.metrics(APP);

        assertThat(scrape.family("icn_store_file_bytes")).isEmpty();
        assertThat(scrape.value("icn_store_disk_size_bytes")).isPositive();
        assertThat(scrape.value("icn_store_disk_available_bytes")).isPositive()
                .isLessThanOrEqualTo(scrape.value("icn_store_disk_size_bytes"));
    }
}
