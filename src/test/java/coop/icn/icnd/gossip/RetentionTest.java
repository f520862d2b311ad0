package coop.icn.icnd.gossip;

import coop.icn.icnd.IcndConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** gossip.maxEntriesPerTopic bounds each topic; the oldest entries go first. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RetentionTest {
    static final DropwizardAppExtension<IcndConfiguration> APP = new DropwizardAppExtension<>(
            coop.icn.icnd.IcndApplication.class, ResourceHelpers.resourceFilePath("test-icnd.yml"),
            ConfigOverride.config("dataDir", () -> {
                try {
                    return Files.createTempDirectory("icnd-retention-").toString();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }),
            ConfigOverride.config("gossip.maxEntriesPerTopic", "5"));

    private static int publish(String rpc, String topic, String data) {
        try (Response response = APP.client().target(rpc + "/v1/topics/" + topic + "/entries").request()
                .post(Entity.entity(data, MediaType.APPLICATION_OCTET_STREAM))) {
            return response.getStatus();
        }
    }

    @Test
    void aFullTopicEvictsItsOldestEntries() throws Exception {
        String rpc = "http://127.0.0.1:" + APP.getLocalPort();
        for (int i = 0; i < 8; i++) {
            assertThat(publish(rpc, "test:bounded", "entry " + i)).isEqualTo(201);
            Thread.sleep(2); // distinct timestamps: "oldest" is by entry time
        }
        assertThat(publish(rpc, "other:topic", "elsewhere")).isEqualTo(201);

        List<Map<String, Object>> topics = APP.client().target(rpc + "/v1/topics").request().get(new GenericType<>() { });
        assertThat(topics).extracting(t -> t.get("entries")).containsExactly(1, 5);
        List<Map<String, Object>> kept = APP.client().target(rpc + "/v1/topics/test:bounded/entries").request()
                .get(new GenericType<>() { });
        List<String> data = kept.stream().map(e -> APP.client().target(rpc + "/v1/entries/" + e.get("hash")).request()
                .get(String.class)).toList();
        assertThat(data).containsExactly("entry 7", "entry 6", "entry 5", "entry 4", "entry 3");
        // each publish waited for its own commit: nine batches of one
        coop.icn.icnd.obs.Scrape metrics = coop.icn.icnd.obs.Scrape.parse(APP.client()
                .target("http://127.0.0.1:" + APP.getAdminPort() + "/metrics").request().get(String.class));
        assertThat(metrics.value("icn_store_commit_duration_seconds_count")).isEqualTo(9);
        assertThat(metrics.value("icn_gossip_entries_published_total")).isEqualTo(9);
        assertThat(metrics.value("icn_gossip_entries_total")).isEqualTo(6);
        assertThat(metrics.value("icn_store_pool_max_connections")).isEqualTo(8);
        assertThat(metrics.value("icn_store_pool_active_connections")).isZero();
        assertThat(metrics.value("icn_store_pool_idle_connections")).isPositive();
        assertThat(metrics.value("icn_store_pool_waiting_threads")).isZero();
    }
}
