package coop.icn.icnd.gossip;

import coop.icn.icnd.IcndApplication;
import coop.icn.icnd.IcndConfiguration;
import coop.icn.icnd.core.Actor;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.net.NetworkActor;
import coop.icn.icnd.net.RawPeer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.client.ClientProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** anti-entropy turns unhealthy when no round completes in three intervals while peers are connected. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AntiEntropyHealthTest {
    static final DropwizardAppExtension<IcndConfiguration> APP = new DropwizardAppExtension<>(IcndApplication.class,
            ResourceHelpers.resourceFilePath("test-icnd.yml"),
            ConfigOverride.config("dataDir", coop.icn.icnd.TestNodes.tempDataDir().toString()),
            ConfigOverride.config("gossip.antiEntropyInterval", "300ms"));

    private static Actor actor(String name) {
        return APP.<IcndApplication>getApplication().supervisor().components().stream()
                .filter(c -> c.name().equals(name)).map(Actor.class::cast).findFirst().orElseThrow();
    }

    private static Map<String, Object> antiEntropy() {
        // with gossip held, /healthcheck waits out the gossip check's own timeout: longer than the test client's 5 s on a busy machine
        try (Response response = APP.client().target("http://127.0.0.1:" + APP.getAdminPort() + "/healthcheck")
                .property(ClientProperties.READ_TIMEOUT, 30_000).request().get()) {
            Map<String, Map<String, Object>> checks = response.readEntity(new GenericType<>() { });
            return checks.get("anti-entropy");
        }
    }

    @Test
    void aStalledRoundWithPeersConnectedIsUnhealthy() throws Exception {
        InetSocketAddress quic = ((NetworkActor) actor(NetworkActor.NAME)).boundAddress().get(5, TimeUnit.SECONDS);
        try (RawPeer peer = new RawPeer(NodeIdentity.generate())) {
            peer.connect(new InetSocketAddress("127.0.0.1", quic.getPort())).hello();
            await().atMost(10, TimeUnit.SECONDS).until(() -> antiEntropy().get("healthy").equals(true)
                    && ((Number) antiEntropy().get("rounds")).intValue() > 0);

            // the gossip actor stops answering: rounds can no longer complete
            CountDownLatch release = new CountDownLatch(1);
            actor(GossipActor.NAME).tell(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            await().atMost(10, TimeUnit.SECONDS).until(() -> antiEntropy().get("healthy").equals(false));
            assertThat(antiEntropy().get("message")).asString().contains("no anti-entropy round completed");
            release.countDown();
            await().atMost(10, TimeUnit.SECONDS).until(() -> antiEntropy().get("healthy").equals(true));
        }
    }
}
