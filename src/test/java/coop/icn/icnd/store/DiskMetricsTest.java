package coop.icn.icnd.store;

import com.codahale.metrics.MetricRegistry;
import coop.icn.icnd.obs.MetricFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The disk gauges of a real H2 database and data directory follow what is written there. */
class DiskMetricsTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dataDir;

    private final MetricRegistry registry = new MetricRegistry();
    private final Environment environment = new Environment("test");
    private final List<Managed> started = new ArrayList<>();

    private double gauge(String name) {
        return ((Number) registry.getGauges().get(name).getValue()).doubleValue();
    }

    private Jdbi open() throws Exception {
        Jdbi jdbi = Database.open(environment, Database.embeddedDefault(dataDir), dataDir, new MetricFactory(registry, 10));
        for (var managed : environment.lifecycle().getManagedObjects()) {
            if (managed instanceof Managed m) {
                m.start();
                started.add(m);
            }
        }
        return jdbi;
    }

    @AfterEach
    void stop() throws Exception {
        for (Managed managed : started) {
            managed.stop();
        }
    }

    @Test
    void theFileGaugeIsTheH2FilesSizeAndGrowsWithCommittedRows() throws Exception {
        Jdbi jdbi = open();
        Path file = dataDir.resolve("icnd.mv.db");
        double before = gauge("icn_store_file_bytes");
        assertThat(before).isEqualTo(Files.size(file));

        // 4 MiB of incompressible rows, committed
        Random random = new Random(7);
        jdbi.useTransaction(handle -> {
            handle.execute("CREATE TABLE scratch (b BYTEA)");
            for (int i = 0; i < 4096; i++) {
                byte[] row = new byte[1024];
                random.nextBytes(row);
                handle.execute("INSERT INTO scratch VALUES (?)", (Object) row);
            }
        });

        // H2 with WRITE_DELAY=0 has no background writer: the file stays as the commit left it
        long sizeBefore = Files.size(file);
        double after = gauge("icn_store_file_bytes");
        assertThat(after).isBetween((double) sizeBefore, (double) Files.size(file));
        assertThat(after - before).isGreaterThanOrEqualTo(4 * MIB);
    }

    @Test
    void theDiskGaugesAreTheDataDirectorysFileSystemAndFollowAFileWrittenThere() throws Exception {
        open();
        FileStore store = Files.getFileStore(dataDir);
        assertThat(gauge("icn_store_disk_size_bytes")).isEqualTo(store.getTotalSpace());
        double before = gauge("icn_store_disk_available_bytes");
        // others write on this machine's disk too: 256 MiB stands well above what they do meanwhile
        assertThat(before).isCloseTo(store.getUsableSpace(), within(64.0 * MIB));

        Path big = dataDir.resolve("filler");
        write(big, 256 * MIB);
        double full = gauge("icn_store_disk_available_bytes");
        Files.delete(big);

        assertThat(before - full).isCloseTo(256.0 * MIB, within(64.0 * MIB));
        // some file systems give freed blocks back at their next commit, not at the delete
        await().atMost(60, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(gauge("icn_store_disk_available_bytes") - full).isCloseTo(256.0 * MIB, within(64.0 * MIB)));
    }

    @Test
    void aDataDirectoryThatCannotBeReadIsNaNNotANumberMadeUp() throws Exception {
        MetricFactory metrics = new MetricFactory(registry, 10);
        DiskMetrics.bind(metrics, dataDir.resolve("missing"), "jdbc:h2:file:" + dataDir.resolve("missing/icnd"));

        assertThat(gauge("icn_store_disk_available_bytes")).isNaN();
        assertThat(gauge("icn_store_disk_size_bytes")).isNaN();
        assertThat(gauge("icn_store_file_bytes")).isNaN();
    }

    @Test
    void onlyALocalH2DatabaseHasAFile() {
        assertThat(DiskMetrics.h2File("jdbc:h2:file:/var/icnd/icnd;WRITE_DELAY=0")).contains(Path.of("/var/icnd/icnd.mv.db"));
        assertThat(DiskMetrics.h2File("jdbc:h2:./data/icnd")).contains(Path.of("./data/icnd.mv.db"));
        assertThat(DiskMetrics.h2File("jdbc:h2:~/icnd;MODE=PostgreSQL"))
                .contains(Path.of(System.getProperty("user.home"), "icnd.mv.db"));
        assertThat(DiskMetrics.h2File("jdbc:h2:mem:test")).isEmpty();
        assertThat(DiskMetrics.h2File("jdbc:h2:tcp://db:9092/icnd")).isEmpty();
        assertThat(DiskMetrics.h2File("jdbc:postgresql://db:5432/icnd")).isEmpty();
    }

    private static void write(Path file, long bytes) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate((int) MIB);
        new Random(1).nextBytes(chunk.array());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes; written += MIB) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    channel.write(chunk);
                }
            }
            // allocated on disk before the gauge is read, not only promised in the page cache
            channel.force(true);
        }
    }
}
