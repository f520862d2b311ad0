package coop.icn.icnd.store;

import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the node's files take and what is left on their disk, read at scrape time: a full disk
 * stops H2's commits and with them every publish, and the operator should see it coming
 * (alerts {@code IcndDiskFillingUp} and {@code IcndDiskAlmostFull}). A value that cannot be read
 * is NaN, never a made-up number.
 */
final class DiskMetrics {
    /** H2's URL prefixes of databases that are not one local file. */
    private static final String[] NOT_A_FILE = {"mem:", "tcp:", "ssl:", "zip:"};

    private DiskMetrics() {
    }

    /**
     * The data directory's file system is looked up once, here: on Linux that reads the mount
     * table, where a scrape's read of its space is one {@code statfs}.
     */
    static void bind(MetricFactory metrics, Path dataDir, String url) {
        Optional<FileStore> store = fileStore(dataDir);
        metrics.gauge(MetricCatalogue.STORE_DISK_AVAILABLE, () -> space(store, FileStore::getUsableSpace));
        metrics.gauge(MetricCatalogue.STORE_DISK_SIZE, () -> space(store, FileStore::getTotalSpace));
        h2File(url).ifPresent(file -> metrics.gauge(MetricCatalogue.STORE_FILE_BYTES, () -> size(file)));
    }

    /**
     * The file an H2 URL stores its data in ({@code jdbc:h2:file:./data/icnd;…} or
     * {@code jdbc:h2:./data/icnd} is {@code ./data/icnd.mv.db}); empty for other databases and for
     * H2 in memory or over the network.
     */
    static Optional<Path> h2File(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:h2:".length());
        for (String prefix : NOT_A_FILE) {
            if (rest.startsWith(prefix)) {
                return Optional.empty();
            }
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        int settings = rest.indexOf(';');
        String name = settings < 0 ? rest : rest.substring(0, settings);
        if (name.startsWith("~/")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.of(Path.of(name + ".mv.db"));
    }

    private interface Space {
        long of(FileStore store) throws IOException;
    }

    private static Optional<FileStore> fileStore(Path dir) {
        try {
            return Optional.of(Files.getFileStore(dir));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static double space(Optional<FileStore> store, Space space) {
        try {
            return store.isPresent() ? space.of(store.get()) : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static double size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
