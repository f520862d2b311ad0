package coop.icn.icnd.gossip;

import com.codahale.metrics.Counter;
import com.codahale.metrics.DefaultSettableGauge;
import coop.icn.icnd.obs.BucketHistogram;
import coop.icn.icnd.obs.Labelled;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;

import java.util.EnumSet;
import java.util.Map;

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
    final Counter digestsSent;
    final Counter digestsReceived;
    final Counter pullRequestsSent;
    final Counter pullRequestsReceived;
    final Counter pullResponsesSent;
    final Counter pullResponsesReceived;
    final Counter bytesPulled;
    final Counter bytesPushed;
    final Counter duplicates;
    private final Map<RejectReason, Counter> rejected;
    final DefaultSettableGauge<Double> topics;
    final DefaultSettableGauge<Double> entries;
    final Labelled<DefaultSettableGauge<Double>> topicEntries;
    final Labelled<Counter> topicPublished;
    final Labelled<Counter> topicReceived;
    final BucketHistogram propagation;

    GossipMetrics(MetricFactory factory) {
        entriesPublished = factory.counter(MetricCatalogue.GOSSIP_ENTRIES_PUBLISHED);
        entriesReceived = factory.counter(MetricCatalogue.GOSSIP_ENTRIES_RECEIVED);
        announcesSent = factory.counter(MetricCatalogue.GOSSIP_ANNOUNCES_SENT);
        announcesReceived = factory.counter(MetricCatalogue.GOSSIP_ANNOUNCES_RECEIVED);
        requestsSent = factory.counter(MetricCatalogue.GOSSIP_REQUESTS_SENT);
        requestsReceived = factory.counter(MetricCatalogue.GOSSIP_REQUESTS_RECEIVED);
        responsesSent = factory.counter(MetricCatalogue.GOSSIP_RESPONSES_SENT);
        responsesReceived = factory.counter(MetricCatalogue.GOSSIP_RESPONSES_RECEIVED);
        digestsSent = factory.counter(MetricCatalogue.GOSSIP_DIGESTS_SENT);
        digestsReceived = factory.counter(MetricCatalogue.GOSSIP_DIGESTS_RECEIVED);
        pullRequestsSent = factory.counter(MetricCatalogue.GOSSIP_PULL_REQUESTS_SENT);
        pullRequestsReceived = factory.counter(MetricCatalogue.GOSSIP_PULL_REQUESTS_RECEIVED);
        pullResponsesSent = factory.counter(MetricCatalogue.GOSSIP_PULL_RESPONSES_SENT);
        pullResponsesReceived = factory.counter(MetricCatalogue.GOSSIP_PULL_RESPONSES_RECEIVED);
        bytesPulled = factory.counter(MetricCatalogue.GOSSIP_BYTES_PULLED);
        bytesPushed = factory.counter(MetricCatalogue.GOSSIP_BYTES_PUSHED);
        duplicates = factory.counter(MetricCatalogue.GOSSIP_DUPLICATES);
        rejected = factory.counterPerValue(MetricCatalogue.GOSSIP_REJECTED, EnumSet.allOf(RejectReason.class));
        topics = factory.settableGauge(MetricCatalogue.GOSSIP_TOPICS);
        entries = factory.settableGauge(MetricCatalogue.GOSSIP_ENTRIES);
        topicEntries = factory.settableGaugeByData(MetricCatalogue.GOSSIP_TOPIC_ENTRIES);
        topicPublished = factory.counterByData(MetricCatalogue.GOSSIP_TOPIC_ENTRIES_PUBLISHED);
        topicReceived = factory.counterByData(MetricCatalogue.GOSSIP_TOPIC_ENTRIES_RECEIVED);
        propagation = factory.histogram(MetricCatalogue.GOSSIP_PROPAGATION);
    }

    /** Every topic gauge a size was ever set on: a topic that empties must read 0, not its last size. */
    private final java.util.Set<DefaultSettableGauge<Double>> topicGauges = new java.util.HashSet<>();

    /** Sets the held-entries gauges from the sizes per topic; on the gossip actor's thread. */
    void held(Map<String, Integer> sizes) {
        int total = 0;
        Map<DefaultSettableGauge<Double>, Double> perGauge = new java.util.IdentityHashMap<>();
        for (Map.Entry<String, Integer> topic : sizes.entrySet()) {
            total += topic.getValue();
            // topics beyond the label cap share the "other" child, so sizes add up there
            perGauge.merge(topicEntries.labels(topic.getKey()), (double) topic.getValue(), Double::sum);
        }
        topicGauges.addAll(perGauge.keySet());
        for (DefaultSettableGauge<Double> gauge : topicGauges) {
            gauge.setValue(perGauge.getOrDefault(gauge, 0.0));
        }
        this.topics.setValue((double) sizes.size());
        entries.setValue((double) total);
    }

    Counter rejected(RejectReason reason) {
        return rejected.get(reason);
    }
}
