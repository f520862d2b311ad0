package coop.icn.icnd.core;

import coop.icn.icnd.obs.MetricFactory;

import java.util.concurrent.ScheduledExecutorService;

/** What every actor is built with: where its metrics go, its timers, its mailbox bound. */
public record ActorContext(MetricFactory metrics, SystemMetrics systemMetrics, ScheduledExecutorService scheduler,
                           int mailboxCapacity) {
}
