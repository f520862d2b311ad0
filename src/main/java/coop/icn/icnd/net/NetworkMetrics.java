package coop.icn.icnd.net;

import com.codahale.metrics.Counter;
import com.codahale.metrics.DefaultSettableGauge;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;

/** The network actor's metrics, bound once. */
final class NetworkMetrics {
    final Counter connections;
    final DefaultSettableGauge<Double> connectionsActive;
    final Counter messagesSent;
    final Counter messagesReceived;
    final Counter bytesSent;
    final Counter bytesReceived;
    final DefaultSettableGauge<Double> peersDiscovered;

    NetworkMetrics(MetricFactory factory) {
        connections = factory.counter(MetricCatalogue.NETWORK_CONNECTIONS);
        connectionsActive = factory.settableGauge(MetricCatalogue.NETWORK_CONNECTIONS_ACTIVE);
        messagesSent = factory.counter(MetricCatalogue.NETWORK_MESSAGES_SENT);
        messagesReceived = factory.counter(MetricCatalogue.NETWORK_MESSAGES_RECEIVED);
        bytesSent = factory.counter(MetricCatalogue.NETWORK_BYTES_SENT);
        bytesReceived = factory.counter(MetricCatalogue.NETWORK_BYTES_RECEIVED);
        peersDiscovered = factory.settableGauge(MetricCatalogue.NETWORK_PEERS_DISCOVERED);
    }
}
