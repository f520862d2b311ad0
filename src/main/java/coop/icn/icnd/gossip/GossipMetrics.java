package coop.icn.icnd.gossip;

import com.codahale.metrics.Counter;
import com.codahale.metrics.DefaultSettableGauge;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;

/** The gossip actor's metrics, bound once. */
final class GossipMetrics {
    final Counter entriesPublished;
    final Counter entriesReceived;
    final Counter announcesSent;
    final Counter announcesReceived;
    final Counter requestsSent;
    final Counter requestsReceived;
    final Counter responsesSent;
    final Counter responsesReceived;
    final DefaultSettableGauge<Double> topics;
    final DefaultSettableGauge<Double> entries;

    GossipMetrics(MetricFactory factory) {
        entriesPublished = factory.counter(MetricCatalogue.GOSSIP_ENTRIES_PUBLISHED);
        entriesReceived = factory.counter(MetricCatalogue.GOSSIP_ENTRIES_RECEIVED);
        announcesSent = factory.counter(MetricCatalogue.GOSSIP_ANNOUNCES_SENT);
        announcesReceived = factory.counter(MetricCatalogue.GOSSIP_ANNOUNCES_RECEIVED);
        requestsSent = factory.counter(MetricCatalogue.GOSSIP_REQUESTS_SENT);
        requestsReceived = factory.counter(MetricCatalogue.GOSSIP_REQUESTS_RECEIVED);
        responsesSent = factory.counter(MetricCatalogue.GOSSIP_RESPONSES_SENT);
        responsesReceived = factory.counter(MetricCatalogue.GOSSIP_RESPONSES_RECEIVED);
        topics = factory.settableGauge(MetricCatalogue.GOSSIP_TOPICS);
        entries = factory.settableGauge(MetricCatalogue.GOSSIP_ENTRIES);
    }
}
