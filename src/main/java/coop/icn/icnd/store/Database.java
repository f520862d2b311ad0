package coop.icn.icnd.store;

import coop.icn.icnd.core.OperatorException;
import coop.icn.icnd.obs.BucketHistogram;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.ManagedPooledDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * The node's database: built from the {@code database:} block (an H2 file under {@code dataDir}
 * when there is none), migrated with Flyway before anything uses it, managed and health-checked
 * by Dropwizard (check {@code database}), with its connection pool and its disk exported under
 * lint-clean names.
 */
public final class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    public static final String HEALTH_CHECK = "database";

    private Database() {
    }

    /** The embedded default: an H2 file database that syncs each commit ({@code docs/storage.md}). */
    public static DataSourceFactory embeddedDefault(Path dataDir) {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.h2.Driver");
        factory.setUrl("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("icnd") + ";WRITE_DELAY=0");
        factory.setUser("sa");
        factory.setPassword("");
        factory.setMinSize(1);
        factory.setMaxSize(8);
        factory.setInitialSize(1);
        factory.setProperties(Map.of());
        return factory;
    }

    /** The database, migrated, with its pool and disk gauges; {@code dataDir} is the node's data directory. */
    public static Jdbi open(Environment environment, DataSourceFactory factory, Path dataDir, MetricFactory metrics) {
        probe(factory);
        ManagedDataSource dataSource = factory.build(environment.metrics(), HEALTH_CHECK);
        migrate(dataSource, factory.getUrl());
        if (dataSource instanceof ManagedPooledDataSource pool) {
            metrics.gauge(MetricCatalogue.STORE_POOL_ACTIVE, pool::getActive);
            metrics.gauge(MetricCatalogue.STORE_POOL_IDLE, pool::getIdle);
            metrics.gauge(MetricCatalogue.STORE_POOL_MAX, pool::getMaxActive);
            metrics.gauge(MetricCatalogue.STORE_POOL_WAITING, pool::getWaitCount);
        }
        DiskMetrics.bind(metrics, dataDir, factory.getUrl());
        return new JdbiFactory().build(environment, factory, dataSource, HEALTH_CHECK);
    }

    /**
     * One plain connection before the pool exists: a database that cannot be reached is then one
     * line for the operator, instead of the pool logging a stack trace for each initial connection.
     */
    static void probe(DataSourceFactory factory) {
        Properties properties = new Properties();
        properties.putAll(factory.getProperties());
        if (factory.getUser() != null) {
            properties.setProperty("user", factory.getUser());
        }
        if (factory.getPassword() != null) {
            properties.setProperty("password", factory.getPassword());
        }
        try {
            Class.forName(factory.getDriverClass());
            try (Connection ignored = DriverManager.getConnection(factory.getUrl(), properties)) {
                LOG.debug("database {} reachable", factory.getUrl());
            }
        } catch (ClassNotFoundException e) {
            throw new OperatorException("no JDBC driver " + factory.getDriverClass() + " for database.driverClass", e);
        } catch (SQLException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new OperatorException("cannot connect to the database " + factory.getUrl() + ": " + reason, e);
        }
    }

    /** Brings the schema up to date (Flyway, {@code db/migration}); safe to run at every start. */
    public static void migrate(DataSource dataSource, String url) {
        try {
            int applied = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                    .load().migrate().migrationsExecuted;
            LOG.info("database {}: {} migration(s) applied", url, applied);
        } catch (FlywayException e) {
            throw new OperatorException("cannot open or migrate the database " + url + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Times each batch commit: what a publish or a received burst waits for. */
    public static BucketHistogram commitTimer(MetricFactory metrics) {
        return metrics.histogram(MetricCatalogue.STORE_COMMIT_DURATION);
    }
}
