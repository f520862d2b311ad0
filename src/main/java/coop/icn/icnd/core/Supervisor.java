package coop.icn.icnd.core;

import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts the node's components in order, stops them in reverse, restarts crashed actors with
 * exponential backoff (counting each restart), and keeps {@code icn_system_uptime_seconds} and
 * {@code icn_system_actors_active} true: set at start, on every state change, and every
 * {@code observability.updateInterval}.
 */
public final class Supervisor implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final SupervisorConfig config;
    private final SystemMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private final Duration updateInterval;
    private final long startedNanos = System.nanoTime();
    private final List<Supervised> components = new ArrayList<>();
    private final Map<Actor, RestartBackoff> backoffs = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private ScheduledFuture<?> refreshTask;

    public Supervisor(SupervisorConfig config, SystemMetrics metrics, ScheduledExecutorService scheduler,
                      Duration updateInterval) {
        this.config = config;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.updateInterval = updateInterval;
        refresh();
    }

    /** Adds a component; actors are started in the order they were added. */
    public void supervise(Supervised component) {
        components.add(component);
        if (component instanceof Actor actor) {
            // the series exists (at 0) from the start, so increase() sees the first restart
            metrics.restarts(actor.name());
        }
    }

    public List<Supervised> components() {
        return List.copyOf(components);
    }

    public double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    public int activeCount() {
        int running = 0;
        for (Supervised component : components) {
            if (component.state() == ActorState.RUNNING) {
                running++;
            }
        }
        return running;
    }

    @Override
    public void start() throws Exception {
        for (Supervised component : components) {
            if (component instanceof Actor actor) {
                actor.start(this);
                LOG.info("started actor {}", actor.name());
            }
        }
        long millis = updateInterval.toMilliseconds();
        refreshTask = scheduler.scheduleAtFixedRate(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
        refresh();
    }

    @Override
    public void stop() throws Exception {
        stopping = true;
        if (refreshTask != null) {
            refreshTask.cancel(false);
        }
        for (int i = components.size() - 1; i >= 0; i--) {
            if (components.get(i) instanceof Actor actor) {
                try {
                    actor.stop();
                } catch (Exception e) {
                    LOG.warn("actor {} did not stop cleanly", actor.name(), e);
                }
            }
        }
        refresh();
    }

    /**
     * Sets the refreshed system gauges now. Components call it when their state changes, from
     * their own threads, while the scheduler calls it each interval: synchronized, so that a
     * count read before a change cannot be written after the change's own refresh.
     */
    public synchronized void refresh() {
        metrics.setUptime(uptimeSeconds());
        metrics.setActorsActive(activeCount());
    }

    void crashed(Actor actor, Throwable cause) {
        if (stopping) {
            return;
        }
        RestartBackoff backoff = backoffs.computeIfAbsent(actor, a -> new RestartBackoff(
                config.getRestartBackoff().toMilliseconds(), config.getMaxRestartBackoff().toMilliseconds()));
        long delay = backoff.nextDelayMillis(System.nanoTime());
        LOG.warn("restarting actor {} in {} ms after: {}", actor.name(), delay, cause.toString());
        scheduler.schedule(() -> restart(actor, backoff), delay, TimeUnit.MILLISECONDS);
    }

    private void restart(Actor actor, RestartBackoff backoff) {
        if (stopping) {
            return;
        }
        // counted first: once restarted, the actor answers what queued while it was down, and
        // whoever sees that answer must see this restart counted too (SupervisorTest saw 0)
        metrics.restarts(actor.name()).inc();
        actor.restart();
        backoff.restarted(System.nanoTime());
        LOG.info("restarted actor {}", actor.name());
    }
}
