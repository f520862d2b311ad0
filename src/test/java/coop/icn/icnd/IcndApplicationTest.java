package coop.icn.icnd;

import coop.icn.icnd.core.BuildInfo;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.Promtool;
import coop.icn.icnd.obs.Scrape;
import coop.icn.icnd.obs.SeedMetrics;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A full node in this JVM, on random ports, creating its identity on first start. */
@ExtendWith(DropwizardExtensionsSupport.class)
class IcndApplicationTest {
    private static final Path DATA = TestNodes.tempDataDir();
    static final DropwizardAppExtension<IcndConfiguration> APP = TestNodes.node(DATA);

    private static final Map<String, String> SEED_TYPES = SeedMetrics.TYPES;

    @Test
    void everyActorHasAHealthyCheck() {
        TestNodes.Health health = TestNodes.health(APP);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.checks()).containsOnlyKeys(
                "identity", "database", "network", "gossip", "anti-entropy", "ledger", "rpc", "deadlocks");
        assertThat(health.checks().values()).allSatisfy(check -> assertThat(check.get("healthy")).isEqualTo(true));
        assertThat(health.checks().get("gossip")).containsEntry("state", "RUNNING").containsKey("mailboxDepth");
    }

    @Test
    void theIdentityWasCreatedWithoutATerminal() throws Exception {
        assertThat(DATA.resolve("identity.keystore")).exists();
        assertThat(DATA.resolve("passphrase")).exists();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(DATA.resolve("passphrase")))).isEqualTo("rw-------");
        assertThat(TestNodes.health(APP).checks().get("identity").get("did")).asString().startsWith("did:icn:z");
    }

    @Test
    void everySeedMetricIsExportedWithItsTypeAndHelp() {
        Scrape scrape = TestNodes.metrics(APP);

        SEED_TYPES.forEach((name, type) -> {
            Scrape.Family family = scrape.family(name).orElseThrow(() -> new AssertionError(name + " missing"));
            assertThat(family.type()).as(name).isEqualTo(type);
            assertThat(family.help()).as(name).isEqualTo(MetricCatalogue.byName(name).orElseThrow().help());
            assertThat(family.samples()).as(name).isNotEmpty();
        });
        Scrape.Family amounts = scrape.family("icn_ledger_transaction_amount").orElseThrow();
        assertThat(amounts.samples()).extracting(Scrape.Sample::name)
                .contains("icn_ledger_transaction_amount_sum", "icn_ledger_transaction_amount_count");
    }

    @Test
    void everyUnlabelledCataloguedFamilyIsScrapedFromTheStart() {
        Set<String> scraped = TestNodes.metrics(APP).families().keySet();

        assertThat(Arrays.stream(MetricCatalogue.values()).filter(m -> m.labelNames().isEmpty())
                .map(MetricCatalogue::metricName)).allSatisfy(name -> assertThat(scraped).as(name).contains(name));
    }

    @Test
    void jvmAndProcessMetricsUseTheStandardNamesAndDropwizardsAreNotExported() {
        Scrape scrape = TestNodes.metrics(APP);

        assertThat(scrape.families()).containsKeys("jvm_memory_bytes_used", "jvm_threads_current",
                "jvm_gc_collection_seconds", "process_cpu_seconds_total", "process_resident_memory_bytes");
        assertThat(scrape.families().keySet()).noneMatch(name -> name.startsWith("io_dropwizard")
                || name.startsWith("org_eclipse") || name.startsWith("jvm_attribute") || name.startsWith("ch_qos"));
    }

    @Test
    void promtoolFlagsOnlyTheFourSeedGauges() throws Exception {
        List<String> problems = Promtool.checkMetrics(TestNodes.scrape(APP));

        assertThat(problems).containsExactlyInAnyOrder(
                "icn_gossip_entries_total non-counter metrics should not have \"_total\" suffix",
                "icn_gossip_topics_total non-counter metrics should not have \"_total\" suffix",
                "icn_ledger_accounts_total non-counter metrics should not have \"_total\" suffix",
                "icn_ledger_currencies_total non-counter metrics should not have \"_total\" suffix");
    }

    @Test
    void actorsActiveCountsTheFiveRunningActors() {
        assertThat(TestNodes.metrics(APP).value("icn_system_actors_active")).isEqualTo(5.0);
    }

    @Test
    void dropwizardsJsonMetricsMovedAndPingStays() {
        String admin = "http://127.0.0.1:" + APP.getAdminPort();
        Map<String, Object> json = APP.client().target(admin + "/metrics-json").request()
                .get(new GenericType<>() { });
        assertThat(json).containsKeys("gauges", "counters");
        assertThat(APP.client().target(admin + "/ping").request().get(String.class)).contains("pong");
    }

    @Test
    void theBuildInfoGaugeIsOneWithTheBuildAsItsLabels() {
        BuildInfo build = BuildInfo.current();

        assertThat(TestNodes.metrics(APP).value("icn_system_build_info", "version", build.version(),
                "revision", build.revision())).isEqualTo(1.0);
    }

    @Test
    void statusNamesTheNodeAndItsActors() {
        Map<String, Object> status = TestNodes.rpc(APP, "/v1/status").get(new GenericType<>() { });

        assertThat(status).containsEntry("mode", "node").containsEntry("actorsActive", 5);
        assertThat((String) status.get("did")).startsWith("did:icn:z");
        assertThat((List<?>) status.get("actors")).hasSize(5);
        assertThat(status).containsEntry("version", BuildInfo.current().version())
                .containsEntry("revision", BuildInfo.current().revision());
    }

    @Test
    void unknownRpcPathsAnswerJsonErrors() {
        Response response = TestNodes.rpc(APP, "/v1/nothing").get();

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.readEntity(new GenericType<Map<String, Object>>() { }))
                .containsEntry("code", 404).containsKey("message");
    }
}
