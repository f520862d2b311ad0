package coop.icn.icnd;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.gossip.GossipActor;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A crashed actor loop turns its health check red until the supervisor restarts it. */
@ExtendWith(DropwizardExtensionsSupport.class)
class SupervisionTest {
    static final DropwizardAppExtension<IcndConfiguration> APP = TestNodes.node(TestNodes.tempDataDir(),
            ConfigOverride.config("supervisor.restartBackoff", "10s"));

    @Test
    void aCrashIsUnhealthyThenRestartedAndCountedOnce() {
        Actor gossip = APP.<IcndApplication>getApplication().supervisor().components().stream()
                .filter(c -> c.name().equals(GossipActor.NAME)).map(Actor.class::cast).findFirst().orElseThrow();
        assertThat(TestNodes.health(APP).status()).isEqualTo(200);
        double restartsBefore = TestNodes.metrics(APP).value("icn_system_actor_restarts_total", "actor", "gossip");
        assertThat(restartsBefore).isZero();

        // a message whose handler throws: the same path as a bug in a real handler
        gossip.tell(() -> {
            throw new IllegalStateException("injected crash");
        });

        // the down state lasts the 10 s backoff: the wait, its answer and the scrape below fit in it on a busy machine
        AtomicReference<TestNodes.Health> seen = new AtomicReference<>();
        await().atMost(8, TimeUnit.SECONDS).until(() -> {
            seen.set(TestNodes.health(APP));
            return !seen.get().healthy("gossip");
        });
        TestNodes.Health down = seen.get();
        assertThat(down.status()).isEqualTo(500);
        assertThat(down.checks().get("gossip").get("message")).asString().contains("FAILED");
        assertThat(down.healthy("ledger")).isTrue();
        assertThat(TestNodes.metrics(APP).value("icn_system_actors_active")).isEqualTo(4.0);

        await().atMost(30, TimeUnit.SECONDS).until(() -> TestNodes.health(APP).status() == 200);
        assertThat(TestNodes.metrics(APP).value("icn_system_actor_restarts_total", "actor", "gossip")).isEqualTo(1.0);
        assertThat(TestNodes.metrics(APP).value("icn_system_actors_active")).isEqualTo(5.0);
    }
}
