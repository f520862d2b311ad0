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
    private final List<AutoCloseable> open = new ArrayList<>();

    /** A node (not started) in {@code parent/name}, stopped after the test. */
    public NodeProcess node(Path parent, String name) {
        return closeAfter(new NodeProcess(parent, name));
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
