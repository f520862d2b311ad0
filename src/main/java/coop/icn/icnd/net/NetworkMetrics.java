package coop.icn.icnd.net;

import com.codahale.metrics.Counter;
import com.codahale.metrics.DefaultSettableGauge;
import coop.icn.icnd.obs.BucketHistogram;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;
import io.netty.util.AttributeKey;
import io.netty.util.AttributeMap;

import java.util.EnumSet;
import java.util.Map;

/** The network's metrics, bound once; per-type children resolved up front for the event loop. */
final class NetworkMetrics {
    /** The failure counted for a connection, so that it is counted once. */
    private static final AttributeKey<NetworkError> FAILURE = AttributeKey.valueOf("icn.failure");

    final Counter connections;
    final DefaultSettableGauge<Double> connectionsActive;
    final Counter messagesSent;
    final Counter messagesReceived;
    final Counter bytesSent;
    final Counter bytesReceived;
    final DefaultSettableGauge<Double> peersDiscovered;
    final BucketHistogram sizeSent;
    final BucketHistogram sizeReceived;
    final BucketHistogram connectionDuration;
    final BucketHistogram rtt;
    private final Map<MessageType, Counter> sentByType;
    private final Map<MessageType, Counter> receivedByType;
    private final Map<NetworkError, Counter> errors;

    final PeerMetrics peers;

    /** Per-peer series kept for the default {@code observability.peerSeriesTtl} after a peer leaves. */
    NetworkMetrics(MetricFactory factory) {
        this(factory, java.util.concurrent.TimeUnit.MINUTES.toNanos(10));
    }

    NetworkMetrics(MetricFactory factory, long peerSeriesTtlNanos) {
        peers = new PeerMetrics(factory, peerSeriesTtlNanos);
        connections = factory.counter(MetricCatalogue.NETWORK_CONNECTIONS);
        connectionsActive = factory.settableGauge(MetricCatalogue.NETWORK_CONNECTIONS_ACTIVE);
        messagesSent = factory.counter(MetricCatalogue.NETWORK_MESSAGES_SENT);
        messagesReceived = factory.counter(MetricCatalogue.NETWORK_MESSAGES_RECEIVED);
        bytesSent = factory.counter(MetricCatalogue.NETWORK_BYTES_SENT);
        bytesReceived = factory.counter(MetricCatalogue.NETWORK_BYTES_RECEIVED);
        peersDiscovered = factory.settableGauge(MetricCatalogue.NETWORK_PEERS_DISCOVERED);
        Map<Direction, BucketHistogram> sizes = factory.histogramPerValue(MetricCatalogue.NETWORK_MESSAGE_SIZE,
                EnumSet.allOf(Direction.class));
        sizeSent = sizes.get(Direction.SENT);
        sizeReceived = sizes.get(Direction.RECEIVED);
        connectionDuration = factory.histogram(MetricCatalogue.NETWORK_CONNECTION_DURATION);
        rtt = factory.histogram(MetricCatalogue.NETWORK_RTT);
        sentByType = factory.counterPerValue(MetricCatalogue.NETWORK_MESSAGES_SENT_BY_TYPE, EnumSet.allOf(MessageType.class));
        receivedByType = factory.counterPerValue(MetricCatalogue.NETWORK_MESSAGES_RECEIVED_BY_TYPE,
                EnumSet.allOf(MessageType.class));
        errors = factory.counterPerValue(MetricCatalogue.NETWORK_ERRORS, EnumSet.allOf(NetworkError.class));
    }

    void sent(MessageType type, int frameBytes) {
        messagesSent.inc();
        sentByType.get(type).inc();
        bytesSent.inc(frameBytes);
        sizeSent.observe(frameBytes);
    }

    void received(MessageType type, int frameBytes) {
        messagesReceived.inc();
        receivedByType.get(type).inc();
        sizeReceived.observe(frameBytes);
    }

    void error(NetworkError error) {
        errors.get(error).inc();
    }

    /**
     * Counts the failure of {@code connection}, unless one was counted for it already: the trust
     * manager knows why a handshake failed, but the transport sees every failed inbound connection
     * go, and counts those that nothing counted before (BoringSSL refuses some certificates itself).
     */
    void errorOnce(AttributeMap connection, NetworkError error) {
        if (connection.attr(FAILURE).setIfAbsent(error) == null) {
            error(error);
        }
    }
}
