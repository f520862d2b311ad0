package coop.icn.icnd.core;

import com.codahale.metrics.Counter;
import com.codahale.metrics.DefaultSettableGauge;
import com.codahale.metrics.Gauge;
import coop.icn.icnd.obs.Labelled;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;

/** The {@code icn_system_*} metrics: the build, node uptime, running actors, and per-actor supervision. */
public final class SystemMetrics {
    private final MetricFactory factory;
    private final DefaultSettableGauge<Double> uptime;
    private final DefaultSettableGauge<Double> actorsActive;
    private final Labelled<Counter> restarts;
    private final Labelled<Counter> mailboxRejected;

    public SystemMetrics(MetricFactory factory) {
        this.factory = factory;
        this.uptime = factory.settableGauge(MetricCatalogue.SYSTEM_UPTIME);
        this.actorsActive = factory.settableGauge(MetricCatalogue.SYSTEM_ACTORS_ACTIVE);
        this.restarts = factory.labelledCounter(MetricCatalogue.SYSTEM_ACTOR_RESTARTS);
        this.mailboxRejected = factory.labelledCounter(MetricCatalogue.SYSTEM_ACTOR_MAILBOX_REJECTED);
        BuildInfo build = BuildInfo.current();
        factory.gauge(MetricCatalogue.SYSTEM_BUILD_INFO, () -> 1, build.version(), build.revision());
    }

    void setUptime(double seconds) {
        uptime.setValue(seconds);
    }

    void setActorsActive(int count) {
        actorsActive.setValue((double) count);
    }

    Counter restarts(String actor) {
        return restarts.labels(actor);
    }

    Counter mailboxRejected(String actor) {
        return mailboxRejected.labels(actor);
    }

    void mailboxDepth(String actor, Gauge<Integer> depth) {
        factory.gauge(MetricCatalogue.SYSTEM_ACTOR_MAILBOX_DEPTH, depth, actor);
    }
}
