package coop.icn.icnd.net;

import io.netty.util.AttributeMap;
import io.netty.util.DefaultAttributeMap;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkErrorTest {
    @Test
    void eachErrorIsCountedUnderTheTypeLabelDashboardsSelectOn() {
        TestMetrics metrics = new TestMetrics();
        Map<NetworkError, Integer> counts = Map.of(NetworkError.DECODE, 1, NetworkError.OVERSIZE, 2,
                NetworkError.HANDSHAKE, 3, NetworkError.AUTH, 4, NetworkError.TIMEOUT, 5, NetworkError.FULL, 6,
                NetworkError.SLOW, 7);

        counts.forEach((error, count) -> {
            for (int i = 0; i < count; i++) {
                metrics.metrics.error(error);
            }
        });

        assertThat(metrics.errors("decode")).isEqualTo(1.0);
        assertThat(metrics.errors("oversize")).isEqualTo(2.0);
        assertThat(metrics.errors("handshake")).isEqualTo(3.0);
        assertThat(metrics.errors("auth")).isEqualTo(4.0);
        assertThat(metrics.errors("timeout")).isEqualTo(5.0);
        assertThat(metrics.errors("full")).isEqualTo(6.0);
        assertThat(metrics.errors("slow")).isEqualTo(7.0);
        assertThat(NetworkError.values()).hasSize(counts.size());
    }

    @Test
    void aConnectionsFailureIsCountedOnceUnderItsFirstCause() {
        TestMetrics metrics = new TestMetrics();
        AttributeMap refusedByTrustManager = new DefaultAttributeMap();
        AttributeMap refusedByBoringSsl = new DefaultAttributeMap();

        // the trust manager refused the first; the transport then saw both go without a session
        metrics.metrics.errorOnce(refusedByTrustManager, NetworkError.AUTH);
        metrics.metrics.errorOnce(refusedByTrustManager, NetworkError.HANDSHAKE);
        metrics.metrics.errorOnce(refusedByBoringSsl, NetworkError.HANDSHAKE);
        metrics.metrics.errorOnce(refusedByBoringSsl, NetworkError.HANDSHAKE);

        assertThat(metrics.errors("auth")).isEqualTo(1.0);
        assertThat(metrics.errors("handshake")).isEqualTo(1.0);
    }
}
