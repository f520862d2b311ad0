package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.obs.Scrape;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-peer series: one per DID up to the cap, the rest under "other", removed a TTL after the peer left. */
class PeerMetricsTest {
    private static final long TTL = TimeUnit.MINUTES.toNanos(10);
    private static final long T = TimeUnit.HOURS.toNanos(1);

    private final TestMetrics metrics = new TestMetrics(2, TTL);
    private final PeerMetrics peers = metrics.metrics.peers;
    private final Did a = NodeIdentity.generate().did();
    private final Did b = NodeIdentity.generate().did();
    private final Did c = NodeIdentity.generate().did();

    private double sent(Scrape scrape, String peer) {
        return scrape.valueOrZero("icn_network_peer_bytes_sent_total", "peer", peer);
    }

    @Test
    void eachPeerHasItsSeriesUpToTheCapAndTheRestShareOther() {
        peers.forPeer(a).sent(100);
        peers.forPeer(b).sent(20);
        peers.forPeer(c).sent(3);
        peers.forPeer(c).received();
        peers.forPeer(a).rtt().setValue(0.25);

        Scrape scrape = metrics.scrape();
        assertThat(sent(scrape, a.value())).isEqualTo(100);
        assertThat(sent(scrape, b.value())).isEqualTo(20);
        assertThat(sent(scrape, "other")).as("the third peer is over the cap of 2").isEqualTo(3);
        assertThat(scrape.value("icn_network_peer_messages_sent_total", "peer", a.value())).isEqualTo(1);
        assertThat(scrape.value("icn_network_peer_messages_received_total", "peer", "other")).isEqualTo(1);
        assertThat(scrape.value("icn_network_peer_rtt_seconds", "peer", a.value())).isEqualTo(0.25);
        assertThat(scrape.family("icn_network_peer_bytes_sent_total").orElseThrow().samples()).hasSize(3);
    }

    @Test
    void aPeerGoneLongerThanTheTtlLeavesTheScrapeAndFreesItsPlace() {
        peers.forPeer(a).sent(100);
        peers.forPeer(b).sent(20);
        peers.departed(a, T);

        assertThat(peers.expire(T + TTL - 1)).isZero();
        assertThat(sent(metrics.scrape(), a.value())).as("still within the TTL").isEqualTo(100);
        assertThat(peers.expire(T + TTL)).isEqualTo(1);

        Scrape scrape = metrics.scrape();
        assertThat(scrape.family("icn_network_peer_bytes_sent_total").orElseThrow().samples())
                .extracting(Scrape.Sample::labels).extracting(labels -> labels.get("peer"))
                .containsExactlyInAnyOrder(b.value(), "other");
        assertThat(scrape.family("icn_network_peer_rtt_seconds").orElseThrow().samples()).hasSize(2);
        peers.forPeer(c).sent(7);
        assertThat(sent(metrics.scrape(), c.value())).as("c takes the freed place, not other").isEqualTo(7);
    }

    @Test
    void aPeerBackBeforeTheTtlKeepsItsSeries() {
        peers.forPeer(a).sent(100);
        peers.departed(a, T);
        peers.arrived(a);

        assertThat(peers.expire(T + 2 * TTL)).isZero();
        peers.forPeer(a).sent(1);
        assertThat(sent(metrics.scrape(), a.value())).isEqualTo(101);
    }
}
