package coop.icn.icnd;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The nodes and clients one integration test starts, closed after it in reverse order (nodes
 * stop by SIGTERM, by PID). Register with {@code @RegisterExtension final TestCluster cluster}.
 */
public final class TestCluster implements AfterEachCallback {
    /**
     * Integration tests check what nodes do, not how fast: without the C2 compiler (whose threads
     * took a third of a young node's CPU on two cores) and with the serial collector, a node
     * started in half the CPU time here, leaving the cores to the test's other nodes. The
     * benchmarks start their nodes as deployed.
     */
    private static final String[] TEST_JVM = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

    private final List<AutoCloseable> open = new ArrayList<>();

    /** A node (not started) in {@code parent/name}, stopped after the test. */
    public NodeProcess node(Path parent, String name) {
        return closeAfter(new NodeProcess(parent, name).jvm(TEST_JVM));
    }

    public <T extends AutoCloseable> T closeAfter(T resource) {
        open.add(resource);
        return resource;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Exception first = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
