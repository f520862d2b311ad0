package coop.icn.icnd;

import coop.icn.icnd.obs.Scrape;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds in-process nodes for tests: random ports, a fresh data directory each (deleted when the JVM exits). */
public final class TestNodes {
    private TestNodes() {
    }

    /**
     * A new temporary directory, deleted with its contents when the test JVM exits: nodes held in
     * static extensions outlive every JUnit callback that could delete it sooner.
     */
    public static Path tempDataDir() {
        try {
            Path dir = Files.createTempDirectory("icnd-test-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // already gone
        }
    }

    /** A request to the node's RPC API with its bearer token, as an operator's client sends it. */
    public static Invocation.Builder rpc(DropwizardAppExtension<IcndConfiguration> app, String path) {
        return app.client().target("http://127.0.0.1:" + app.getLocalPort() + path).request()
                .header("Authorization", "Bearer " + rpcToken(app));
    }

    public static String rpcToken(DropwizardAppExtension<IcndConfiguration> app) {
        IcndConfiguration config = app.getConfiguration();
        try {
            return Files.readString(config.getRpc().tokenFileOrDefault(config.getDataDir())).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DropwizardAppExtension<IcndConfiguration> node(Path dataDir, ConfigOverride... overrides) {
        List<ConfigOverride> all = new ArrayList<>(List.of(overrides));
        all.add(ConfigOverride.config("dataDir", dataDir.toString()));
        return new DropwizardAppExtension<>(IcndApplication.class, ResourceHelpers.resourceFilePath("test-icnd.yml"),
                all.toArray(ConfigOverride[]::new));
    }

    public static String scrape(DropwizardAppExtension<IcndConfiguration> app) {
        return app.client().target("http://127.0.0.1:" + app.getAdminPort() + "/metrics").request().get(String.class);
    }

    public static Scrape metrics(DropwizardAppExtension<IcndConfiguration> app) {
        return Scrape.parse(scrape(app));
    }

    record Health(int status, Map<String, Map<String, Object>> checks) {
        boolean healthy(String check) {
            return Boolean.TRUE.equals(checks.get(check).get("healthy"));
        }
    }

    static Health health(DropwizardAppExtension<IcndConfiguration> app) {
        Response response = app.client().target("http://127.0.0.1:" + app.getAdminPort() + "/healthcheck")
                .request().get();
        return new Health(response.getStatus(), response.readEntity(new GenericType<>() { }));
    }
}
