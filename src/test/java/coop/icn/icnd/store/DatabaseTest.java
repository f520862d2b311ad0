package coop.icn.icnd.store;

import com.codahale.metrics.MetricRegistry;
import coop.icn.icnd.core.OperatorException;
import coop.icn.icnd.obs.MetricFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The database as the node opens it: reachable or one clear error, and its pool gauges follow real use. */
class DatabaseTest {
    @TempDir
    Path dataDir;

    private final MetricRegistry registry = new MetricRegistry();

    private double gauge(String name) {
        return ((Number) registry.getGauges().get(name).getValue()).doubleValue();
    }

    @Test
    void poolGaugesCountConnectionsInUseAndThreadsWaiting() throws Exception {
        Environment environment = new Environment("test");
        DataSourceFactory factory = Database.embeddedDefault(dataDir);
        // Flyway needs two connections at once to migrate
        factory.setMaxSize(2);
        factory.setMinSize(1);
        factory.setMaxWaitForConnection(Duration.seconds(30));
        Jdbi jdbi = Database.open(environment, factory, dataDir, new MetricFactory(registry, 10));
        for (var managed : environment.lifecycle().getManagedObjects()) {
            if (managed instanceof Managed m) {
                m.start();
            }
        }
        assertThat(gauge("icn_store_pool_max_connections")).isEqualTo(2);
        assertThat(gauge("icn_store_pool_active_connections")).isZero();
        double idleBefore = gauge("icn_store_pool_idle_connections");
        assertThat(idleBefore).isPositive();

        CompletableFuture<Integer> waiter;
        try (Handle first = jdbi.open(); Handle second = jdbi.open()) {
            first.execute("SELECT 1");
            second.execute("SELECT 1");
            assertThat(gauge("icn_store_pool_active_connections")).isEqualTo(2);
            assertThat(gauge("icn_store_pool_idle_connections")).isZero();
            // a third user of a two-connection pool has to wait for one of them
            waiter = CompletableFuture.supplyAsync(() -> jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()));
            await().atMost(10, TimeUnit.SECONDS).until(() -> gauge("icn_store_pool_waiting_threads") == 1);
        }
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(gauge("icn_store_pool_waiting_threads")).isZero();
        assertThat(gauge("icn_store_pool_active_connections")).isZero();
        assertThat(gauge("icn_store_pool_idle_connections")).isEqualTo(2);
    }

    @Test
    void anUnreachableDatabaseIsOneOperatorError() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.postgresql.Driver");
        factory.setUrl("jdbc:postgresql://127.0.0.1:" + closed + "/icnd");
        factory.setUser("icnd");
        factory.setPassword("secret");

        assertThatThrownBy(() -> Database.open(new Environment("test"), factory, dataDir, new MetricFactory(registry, 10)))
                .isInstanceOf(OperatorException.class)
                .hasMessageStartingWith("cannot connect to the database jdbc:postgresql://127.0.0.1:" + closed + "/icnd: ")
                .hasMessageNotContaining("\n");
    }
}
