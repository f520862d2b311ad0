package coop.icn.icnd.core;

import com.codahale.metrics.MetricRegistry;
import coop.icn.icnd.obs.MetricFactory;
import io.dropwizard.util.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SupervisorTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final SystemMetrics metrics = new SystemMetrics(new MetricFactory(registry, 100));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final SupervisorConfig config = new SupervisorConfig();
    private final ActorContext context = new ActorContext(new MetricFactory(registry, 100), metrics, scheduler, 16);

    /** An actor whose state is a counter only its own thread touches. */
    static final class CountingActor extends Actor {
        private int handled;

        CountingActor(String name, ActorContext context) {
            super(name, context);
        }

        CompletableFuture<Integer> increment() {
            return ask(() -> ++handled);
        }
    }

    @AfterEach
    void shutDown() {
        scheduler.shutdownNow();
    }

    /** Keeps the actor's thread busy until {@code release} opens (or the thread is interrupted). */
    private static void occupy(Actor actor, CountDownLatch release) throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        actor.tell(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.await();
    }

    private Supervisor supervisor() {
        config.setRestartBackoff(Duration.milliseconds(200));
        config.setMaxRestartBackoff(Duration.milliseconds(800));
        return new Supervisor(config, metrics, scheduler, Duration.milliseconds(100));
    }

    private double gauge(String name) {
        return ((Number) registry.getGauges().get(name).getValue()).doubleValue();
    }

    private long restarts(String actor) {
        return registry.counter("icn_system_actor_restarts_total." + actor).getCount();
    }

    @Test
    void actorsAnswerInOrderOnTheirOwnThread() throws Exception {
        Supervisor supervisor = supervisor();
        CountingActor actor = new CountingActor("counting", context);
        supervisor.supervise(actor);
        supervisor.start();

        assertThat(actor.increment().get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(actor.increment().get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(actor.ask(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS)).isEqualTo("actor-counting");
        supervisor.stop();
    }

    @Test
    void actorsActiveCountsRunningActorsOnly() throws Exception {
        Supervisor supervisor = supervisor();
        supervisor.supervise(new CountingActor("one", context));
        supervisor.supervise(new CountingActor("two", context));
        assertThat(gauge("icn_system_actors_active")).isZero();

        supervisor.start();
        assertThat(gauge("icn_system_actors_active")).isEqualTo(2.0);

        supervisor.stop();
        assertThat(gauge("icn_system_actors_active")).isZero();
    }

    @Test
    void uptimeIsRefreshedEveryUpdateInterval() throws Exception {
        Supervisor supervisor = supervisor();
        supervisor.start();
        double first = gauge("icn_system_uptime_seconds");

        await().atMost(10, TimeUnit.SECONDS).until(() -> gauge("icn_system_uptime_seconds") > first + 0.1);
        supervisor.stop();
    }

    @Test
    void aCrashedActorIsRestartedAfterBackoffAndCountedOnce() throws Exception {
        Supervisor supervisor = supervisor();
        CountingActor actor = new CountingActor("crashy", context);
        supervisor.supervise(actor);
        supervisor.start();
        actor.increment().get(10, TimeUnit.SECONDS);
        assertThat(restarts("crashy")).isZero();

        // the restart runs on the scheduler's one thread: hold it, so that the down state lasts as long as the test looks
        CountDownLatch restartMayRun = new CountDownLatch(1);
        scheduler.execute(() -> {
            try {
                restartMayRun.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        actor.tell(() -> {
            throw new IllegalStateException("injected crash");
        });
        // the state is set, then the gauge refreshed: wait for both
        await().atMost(10, TimeUnit.SECONDS).until(() -> actor.state() == ActorState.FAILED && gauge("icn_system_actors_active") == 0);
        // queued while down, answered after the restart: no message is lost to a crash
        CompletableFuture<Integer> queued = actor.increment();
        assertThat(queued).as("answered while the actor is down").isNotDone();
        restartMayRun.countDown();

        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(actor.state()).isEqualTo(ActorState.RUNNING);
        assertThat(restarts("crashy")).isEqualTo(1);
        assertThat(gauge("icn_system_actors_active")).isEqualTo(1.0);
        supervisor.stop();
    }

    @Test
    void anExceptionInAnAskFailsTheCallerNotTheActor() throws Exception {
        Supervisor supervisor = supervisor();
        CountingActor actor = new CountingActor("asked", context);
        supervisor.supervise(actor);
        supervisor.start();

        CompletableFuture<Object> failing = actor.ask(() -> {
            throw new IllegalArgumentException("bad question");
        });

        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("bad question");
        assertThat(actor.state()).isEqualTo(ActorState.RUNNING);
        assertThat(restarts("asked")).isZero();
        supervisor.stop();
    }

    @Test
    void aFullMailboxRefusesAndCounts() throws Exception {
        Supervisor supervisor = supervisor();
        CountingActor actor = new CountingActor("busy", context);
        supervisor.supervise(actor);
        supervisor.start();
        CountDownLatch release = new CountDownLatch(1);
        occupy(actor, release);
        for (int i = 0; i < 16; i++) {
            assertThat(actor.tell(() -> { })).isTrue();
        }
        assertThat(((Number) registry.getGauges().get("icn_system_actor_mailbox_depth.busy").getValue()).intValue())
                .isEqualTo(16);

        CompletableFuture<Integer> refused = actor.increment();

        assertThatThrownBy(() -> refused.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(RejectedExecutionException.class);
        assertThat(registry.counter("icn_system_actor_mailbox_rejected_total.busy").getCount()).isEqualTo(1);
        release.countDown();
        supervisor.stop();
    }

    @Test
    void aHealthCheckFailsWhenTheActorDoesNotAnswerInTime() throws Exception {
        Supervisor supervisor = supervisor();
        CountingActor actor = new CountingActor("stuck", context);
        supervisor.supervise(actor);
        supervisor.start();
        // a generous timeout where the actor is free to answer (a busy machine may take a while), a short one where it is stuck
        ActorHealthCheck patient = new ActorHealthCheck(actor, Duration.seconds(10));
        assertThat(patient.execute().isHealthy()).isTrue();
        CountDownLatch release = new CountDownLatch(1);
        occupy(actor, release);

        com.codahale.metrics.health.HealthCheck.Result stuck = new ActorHealthCheck(actor, Duration.milliseconds(200)).execute();

        assertThat(stuck.isHealthy()).isFalse();
        assertThat(stuck.getMessage()).contains("did not answer within");
        assertThat(stuck.getDetails()).containsEntry("state", "RUNNING");
        release.countDown();
        assertThat(patient.execute().isHealthy()).isTrue();
        supervisor.stop();
    }

    @Test
    void stoppingFailsQueuedQuestionsInsteadOfLeavingThemHanging() throws Exception {
        Supervisor supervisor = supervisor();
        CountingActor actor = new CountingActor("stopping", context);
        supervisor.supervise(actor);
        supervisor.start();
        // stop() interrupts the busy loop; the question queued behind it must not hang
        occupy(actor, new CountDownLatch(1));
        CompletableFuture<Integer> pending = actor.increment();

        supervisor.stop();

        assertThatThrownBy(() -> pending.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("stopped");
        assertThat(actor.state()).isEqualTo(ActorState.STOPPED);
    }
}
