package coop.icn.icnd.net;

import com.codahale.metrics.Counter;
import com.codahale.metrics.DefaultSettableGauge;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.obs.Labelled;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The per-peer series ({@code icn_network_peer_*{peer="<DID>"}}): bound once per session, so the
 * event loop records into them without a lookup; capped by {@code observability.maxLabelValues}
 * (later peers share {@code other}); removed once a peer has been gone for
 * {@code observability.peerSeriesTtl}, so a churning network does not grow the scrape forever.
 *
 * <p>{@link #forPeer} is called from event loops; the departure bookkeeping belongs to the
 * network actor's thread.
 */
final class PeerMetrics {
    /** One peer's children. */
    record Counters(Counter bytesSent, Counter bytesReceived, Counter messagesSent, Counter messagesReceived,
                    DefaultSettableGauge<Double> rtt) {
        void sent(int frameBytes) {
            messagesSent.inc();
            bytesSent.inc(frameBytes);
        }

        void received() {
            messagesReceived.inc();
        }
    }

    private final Labelled<Counter> bytesSent;
    private final Labelled<Counter> bytesReceived;
    private final Labelled<Counter> messagesSent;
    private final Labelled<Counter> messagesReceived;
    private final Labelled<DefaultSettableGauge<Double>> rtt;
    private final long ttlNanos;
    /** Peers gone, with when they left: their series go once {@code ttlNanos} have passed. */
    private final Map<Did, Long> departed = new HashMap<>();

    PeerMetrics(MetricFactory factory, long ttlNanos) {
        bytesSent = factory.counterByData(MetricCatalogue.NETWORK_PEER_BYTES_SENT);
        bytesReceived = factory.counterByData(MetricCatalogue.NETWORK_PEER_BYTES_RECEIVED);
        messagesSent = factory.counterByData(MetricCatalogue.NETWORK_PEER_MESSAGES_SENT);
        messagesReceived = factory.counterByData(MetricCatalogue.NETWORK_PEER_MESSAGES_RECEIVED);
        rtt = factory.settableGaugeByData(MetricCatalogue.NETWORK_PEER_RTT);
        this.ttlNanos = ttlNanos;
    }

    Counters forPeer(Did peer) {
        String did = peer.value();
        return new Counters(bytesSent.labels(did), bytesReceived.labels(did), messagesSent.labels(did),
                messagesReceived.labels(did), rtt.labels(did));
    }

    /** The peer is connected (again): its series stay. */
    void arrived(Did peer) {
        departed.remove(peer);
    }

    void departed(Did peer, long nowNanos) {
        departed.put(peer, nowNanos);
    }

    /** Removes the series of peers gone for longer than the TTL; returns how many peers that was. */
    int expire(long nowNanos) {
        int removed = 0;
        for (Iterator<Map.Entry<Did, Long>> it = departed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Did, Long> gone = it.next();
            if (nowNanos - gone.getValue() >= ttlNanos) {
                String did = gone.getKey().value();
                bytesSent.remove(did);
                bytesReceived.remove(did);
                messagesSent.remove(did);
                messagesReceived.remove(did);
                rtt.remove(did);
                it.remove();
                removed++;
            }
        }
        return removed;
    }
}
