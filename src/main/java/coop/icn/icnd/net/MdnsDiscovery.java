package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Announces this node as {@code _icn._udp.local.} (TXT {@code did} and {@code version}) and
 * reports every other node it sees. What a peer announces is only a hint of where to dial:
 * the TLS handshake proves whether the DID is true.
 */
final class MdnsDiscovery implements AutoCloseable {
    static final String SERVICE_TYPE = "_icn._udp.local.";
    static final String PROTOCOL_VERSION = "1";
    private static final Logger LOG = LoggerFactory.getLogger(MdnsDiscovery.class);

    private final JmDNS jmdns;
    private final Did self;
    private final Consumer<PeerAddress> found;

    private MdnsDiscovery(JmDNS jmdns, Did self, Consumer<PeerAddress> found) {
        this.jmdns = jmdns;
        this.self = self;
        this.found = found;
    }

    /**
     * Starts on the interface QUIC is bound to (the host's default one when bound to all),
     * announcing the bound port.
     */
    static MdnsDiscovery start(InetSocketAddress bound, Did self, Consumer<PeerAddress> found) throws IOException {
        InetAddress address = bound.getAddress().isAnyLocalAddress() ? null : bound.getAddress();
        JmDNS jmdns = address == null ? JmDNS.create() : JmDNS.create(address, "icnd-" + bound.getPort());
        MdnsDiscovery discovery = new MdnsDiscovery(jmdns, self, found);
        jmdns.addServiceListener(SERVICE_TYPE, discovery.listener());
        jmdns.registerService(ServiceInfo.create(SERVICE_TYPE, instanceName(self), bound.getPort(), 0, 0,
                Map.of("did", self.value(), "version", PROTOCOL_VERSION)));
        LOG.info("mDNS: announcing {} on {}", SERVICE_TYPE, jmdns.getInetAddress());
        return discovery;
    }

    /** DNS labels hold 63 bytes; a DID is 53 characters. */
    static String instanceName(Did did) {
        return did.value().replace(':', '-');
    }

    private ServiceListener listener() {
        return new ServiceListener() {
            @Override
            public void serviceAdded(ServiceEvent event) {
                jmdns.requestServiceInfo(event.getType(), event.getName(), true);
            }

            @Override
            public void serviceRemoved(ServiceEvent event) {
                // a vanished announcement says nothing about the connection; keep-alive decides
            }

            @Override
            public void serviceResolved(ServiceEvent event) {
                peerOf(event.getInfo(), self).ifPresent(found);
            }
        };
    }

    /** The peer a resolved announcement describes, unless it is malformed or this node itself. */
    static Optional<PeerAddress> peerOf(ServiceInfo info, Did self) {
        String did = info.getPropertyString("did");
        if (did == null || info.getPort() <= 0) {
            return Optional.empty();
        }
        Did peer;
        try {
            peer = Did.parse(did);
        } catch (IllegalArgumentException e) {
            LOG.debug("ignoring mDNS announcement with a bad DID: {}", did);
            return Optional.empty();
        }
        if (peer.equals(self)) {
            return Optional.empty();
        }
        InetAddress[] addresses = info.getInetAddresses();
        InetAddress chosen = null;
        for (InetAddress candidate : addresses) {
            if (candidate instanceof Inet4Address) {
                chosen = candidate;
                break;
            }
        }
        if (chosen == null && addresses.length > 0) {
            chosen = addresses[0];
        }
        if (chosen == null) {
            return Optional.empty();
        }
        return Optional.of(new PeerAddress(Optional.of(peer), chosen.getHostAddress(), info.getPort()));
    }

    @Override
    public void close() {
        try {
            jmdns.unregisterAllServices();
            jmdns.close();
        } catch (IOException e) {
            LOG.debug("closing mDNS: {}", e.toString());
        }
    }
}
