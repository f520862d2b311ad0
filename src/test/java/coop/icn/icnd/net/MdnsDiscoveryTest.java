package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import org.junit.jupiter.api.Test;

import javax.jmdns.ServiceInfo;
import java.net.InetAddress;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What an announcement turns into, from jmdns's own ServiceInfo objects. */
class MdnsDiscoveryTest {
    private final Did self = NodeIdentity.generate().did();
    private final Did other = NodeIdentity.generate().did();

    private static ServiceInfo announcement(Map<String, String> txt, int port, String address) throws Exception {
        ServiceInfo info = ServiceInfo.create(MdnsDiscovery.SERVICE_TYPE, "peer", port, 0, 0, txt);
        if (address != null) {
            // what jmdns fills in from the A record when it resolves a service
            var add = info.getClass().getDeclaredMethod("addAddress", java.net.Inet4Address.class);
            add.setAccessible(true);
            add.invoke(info, (java.net.Inet4Address) InetAddress.getByName(address));
        }
        return info;
    }

    @Test
    void aPeersAnnouncementBecomesADialTargetWithItsDid() throws Exception {
        ServiceInfo info = announcement(Map.of("did", other.value(), "version", "1"), 14433, "192.0.2.7");

        assertThat(MdnsDiscovery.peerOf(info, self)).hasValueSatisfying(address -> {
            assertThat(address.did()).contains(other);
            assertThat(address.hostPort()).isEqualTo("192.0.2.7:14433");
        });
    }

    @Test
    void ourOwnMalformedOrAddresslessAnnouncementsAreIgnored() throws Exception {
        assertThat(MdnsDiscovery.peerOf(announcement(Map.of("did", self.value()), 1, "192.0.2.7"), self)).isEmpty();
        assertThat(MdnsDiscovery.peerOf(announcement(Map.of("did", "did:icn:zbogus"), 1, "192.0.2.7"), self)).isEmpty();
        assertThat(MdnsDiscovery.peerOf(announcement(Map.of("version", "1"), 1, "192.0.2.7"), self)).isEmpty();
        assertThat(MdnsDiscovery.peerOf(announcement(Map.of("did", other.value()), 1, null), self)).isEmpty();
    }

    @Test
    void instanceNamesFitADnsLabel() {
        assertThat(MdnsDiscovery.instanceName(other)).hasSizeLessThanOrEqualTo(63).doesNotContain(":");
    }
}
