package coop.icn.icnd;

import coop.icn.icnd.obs.Scrape;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds in-process nodes for tests: random ports, a fresh data directory each. */
final class TestNodes {
    private TestNodes() {
    }

    static Path tempDataDir() {
        try {
            return Files.createTempDirectory("icnd-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DropwizardAppExtension<IcndConfiguration> node(Path dataDir, ConfigOverride... overrides) {
        List<ConfigOverride> all = new ArrayList<>(List.of(overrides));
        all.add(ConfigOverride.config("dataDir", dataDir.toString()));
        return new DropwizardAppExtension<>(IcndApplication.class, ResourceHelpers.resourceFilePath("test-icnd.yml"),
                all.toArray(ConfigOverride[]::new));
    }

    static String scrape(DropwizardAppExtension<IcndConfiguration> app) {
        return app.client().target("http://127.0.0.1:" + app.getAdminPort() + "/metrics").request().get(String.class);
    }

    static Scrape metrics(DropwizardAppExtension<IcndConfiguration> app) {
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
