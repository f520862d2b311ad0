package coop.icn.icnd.gossip;

import coop.icn.icnd.IcndConfiguration;
import coop.icn.icnd.TestNodes;
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

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** gossip.maxEntriesPerTopic bounds each topic; the oldest entries go first. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RetentionTest {
    static final DropwizardAppExtension<IcndConfiguration> APP = new DropwizardAppExtension<>(
            coop.icn.icnd.IcndApplication.class, ResourceHelpers.resourceFilePath("test-icnd.yml"),
            ConfigOverride.config("dataDir", TestNodes.tempDataDir().toString()),
            ConfigOverride.config("gossip.maxEntriesPerTopic", "5"));

    private static coop.icn.icnd.obs.Scrape metrics() {
        return coop.icn.icnd.obs.Scrape.parse(APP.client()
                .target("http://127.0.0.1:" + APP.getAdminPort() + "/metrics").request().get(String.class));
    }

    @Test
    void anEntryOlderThanAFullTopicKeepsIsRefusedAsExpired() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(publish("test:full", "recent " + i)).isEqualTo(201);
        }
        coop.icn.icnd.net.NetworkActor network = APP.<coop.icn.icnd.IcndApplication>getApplication().supervisor()
                .components().stream().filter(c -> c.name().equals(coop.icn.icnd.net.NetworkActor.NAME))
                .map(coop.icn.icnd.net.NetworkActor.class::cast).findFirst().orElseThrow();
        int port = network.boundAddress().get().getPort();
        double expiredBefore = metrics().value("icn_gossip_rejected_total", "reason", "expired");
        try (coop.icn.icnd.net.RawPeer peer = new coop.icn.icnd.net.RawPeer(coop.icn.icnd.identity.NodeIdentity.generate())) {
            peer.connect(new java.net.InetSocketAddress("127.0.0.1", port)).hello();
            Entry ancient = Entry.create(peer.identity(), "test:full", 1_000, "from 1970".getBytes());

            peer.send(coop.icn.icnd.net.MessageType.RESPONSE, GossipCodec.response(io.netty.buffer.ByteBufAllocator.DEFAULT, 
                    java.util.List.of(ancient), entry -> ""));

            org.awaitility.Awaitility.await().atMost(10, java.util.concurrent.TimeUnit.SECONDS).until(() ->
                    metrics().value("icn_gossip_rejected_total", "reason", "expired") == expiredBefore + 1);
        }
        List<Map<String, Object>> topics = TestNodes.rpc(APP, "/v1/topics").get(new GenericType<>() { });
        assertThat(topics).filteredOn(t -> "test:full".equals(t.get("topic"))).extracting(t -> t.get("entries"))
                .containsExactly(5);
    }

    private static int publish(String topic, String data) {
        try (Response response = TestNodes.rpc(APP, "/v1/topics/" + topic + "/entries")
                .post(Entity.entity(data, MediaType.APPLICATION_OCTET_STREAM))) {
            return response.getStatus();
        }
    }

    @Test
    void aFullTopicEvictsItsOldestEntries() throws Exception {
        double commitsBefore = metrics().value("icn_store_commit_duration_seconds_count");
        for (int i = 0; i < 8; i++) {
            assertThat(publish("test:bounded", "entry " + i)).isEqualTo(201);
            // distinct timestamps: "oldest" is by entry time
            long published = System.currentTimeMillis();
            org.awaitility.Awaitility.await().pollInterval(1, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .until(() -> System.currentTimeMillis() > published);
        }
        assertThat(publish("other:topic", "elsewhere")).isEqualTo(201);

        List<Map<String, Object>> topics = TestNodes.rpc(APP, "/v1/topics").get(new GenericType<>() { });
        assertThat(topics).filteredOn(t -> List.of("other:topic", "test:bounded").contains(t.get("topic")))
                .extracting(t -> t.get("entries")).containsExactly(1, 5);
        List<Map<String, Object>> kept = TestNodes.rpc(APP, "/v1/topics/test:bounded/entries")
                .get(new GenericType<>() { });
        List<String> data = kept.stream().map(e -> TestNodes.rpc(APP, "/v1/entries/" + e.get("hash"))
                .get(String.class)).toList();
        assertThat(data).containsExactly("entry 7", "entry 6", "entry 5", "entry 4", "entry 3");
        // each publish waited for its own commit: nine batches of one
        coop.icn.icnd.obs.Scrape metrics = metrics();
        assertThat(metrics.value("icn_store_commit_duration_seconds_count") - commitsBefore).isEqualTo(9);
        assertThat(metrics.value("icn_gossip_topic_entries", "topic", "test:bounded")).isEqualTo(5);
        assertThat(metrics.value("icn_gossip_topic_entries", "topic", "other:topic")).isEqualTo(1);
    }
}
