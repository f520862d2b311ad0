package coop.icn.icnd;

import coop.icn.icnd.obs.Scrape;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.GenericType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** No keystore and createIfMissing false: the node observes only, and says so. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ObserverModeTest {
    private static final Path DATA = TestNodes.tempDataDir();
    static final DropwizardAppExtension<IcndConfiguration> APP = TestNodes.node(DATA,
            ConfigOverride.config("identity.createIfMissing", "false"),
            ConfigOverride.config("observability.updateInterval", "500ms"));

    @Test
    void onlySystemAndRpcMetricsAndNoActiveActors() {
        Scrape scrape = TestNodes.metrics(APP);

        // the RPC stays up, guarded by its token, so its refusals are counted
        assertThat(scrape.families().keySet()).filteredOn(name -> name.startsWith("icn_"))
                .isNotEmpty()
                .allMatch(name -> name.startsWith("icn_system_") || name.startsWith("icn_rpc_"));
        assertThat(scrape.value("icn_system_actors_active")).isZero();
        assertThat(DATA.resolve("identity.keystore")).doesNotExist();
    }

    @Test
    void uptimeGrowsAcrossAnUpdateInterval() {
        double first = TestNodes.metrics(APP).value("icn_system_uptime_seconds");

        await().atMost(5, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> TestNodes.metrics(APP).value("icn_system_uptime_seconds") >= first + 0.5);
    }

    @Test
    void healthcheckIs500AndNamesTheMissingIdentity() {
        TestNodes.Health health = TestNodes.health(APP);

        assertThat(health.status()).isEqualTo(500);
        assertThat(health.healthy("identity")).isFalse();
        assertThat(health.checks().get("identity").get("message")).asString()
                .contains("no identity", DATA.resolve("identity.keystore").toString(), "observer mode");
        assertThat(health.healthy("deadlocks")).isTrue();
    }

    @Test
    void pingAndStatusStayUp() {
        String admin = "http://127.0.0.1:" + APP.getAdminPort();
        assertThat(APP.client().target(admin + "/ping").request().get().getStatus()).isEqualTo(200);
        Map<String, Object> status = TestNodes.rpc(APP, "/v1/status").get(new GenericType<>() { });
        assertThat(status).containsEntry("mode", "observer").containsEntry("actorsActive", 0);
    }
}
