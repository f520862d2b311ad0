package coop.icn.icnd.net;

import coop.icn.icnd.core.Backoff;
import coop.icn.icnd.identity.NodeIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** TLS as a node's transport runs it, on loopback in this JVM, with its metrics read back. */
class PeerTlsTest {
    private final NodeIdentity identity = NodeIdentity.generate();
    private final TestMetrics metrics = new TestMetrics();
    private final PeerTls tls = new PeerTls(identity, metrics.metrics);
    private final Listener listener = new Listener();
    private QuicTransport transport;
    private InetSocketAddress bound;

    /** What the transport reports; only failed dials and opened sessions matter here. */
    private static final class Listener implements SessionListener {
        final Queue<Throwable> dialFailures = new ConcurrentLinkedQueue<>();
        final Queue<PeerSession> opened = new ConcurrentLinkedQueue<>();

        @Override
        public void opened(PeerSession session) {
            opened.add(session);
        }

        @Override
        public boolean admits(PeerSession session) {
            return true;
        }

        @Override
        public void established(PeerSession session) {
        }

        @Override
        public void peers(PeerSession session, List<PeerAddress> known) {
        }

        @Override
        public void pong(PeerSession session, long sentNanos, long rttNanos) {
        }

        @Override
        public void closed(PeerSession session) {
        }

        @Override
        public void dialFailed(DialTarget target, Throwable cause) {
            dialFailures.add(cause);
        }
    }

    @BeforeEach
    void bind() throws Exception {
        transport = new QuicTransport(tls, metrics.metrics, listener, new NetworkConfig(), type -> null,
                port -> new Hello(port, 0, Hello.newInstance(), "", Hello.AGENT));
        bound = transport.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void dialsThatNeverReachTheCertificateCheckLeaveNothingBehind() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
            DialTarget target = new DialTarget(PeerAddress.parse("127.0.0.1:" + silent.getLocalPort()),
                    DialTarget.Source.BOOTSTRAP, new Backoff(1, 1));
            // an unreachable bootstrap peer, redialled: 10 rounds of 20 dials that time out
            for (int round = 1; round <= 10; round++) {
                for (int i = 0; i < 20; i++) {
                    transport.dial(nobody, null, target, 50);
                }
                int failed = 20 * round;
                await().atMost(10, TimeUnit.SECONDS).until(() -> listener.dialFailures.size() == failed);
                await().atMost(10, TimeUnit.SECONDS).until(() -> tls.connectionsRemembered() == 0);
            }
        }
        assertThat(listener.dialFailures).hasSize(200).allSatisfy(cause -> assertThat(cause).isInstanceOf(TimeoutException.class));
        assertThat(metrics.errors("handshake")).isEqualTo(0.0);
        assertThat(metrics.errors("auth")).isEqualTo(0.0);
    }

    @Test
    void anInboundPeerPresentingThisNodesOwnIdentityIsCountedOnceAsAuth() throws Exception {
        try (TlsClient impostor = TlsClient.presenting(tls.keyManager())) {
            impostor.connectAndAwaitRefusal(bound);

            // forgotten once the transport has seen the connection go, which is where it could count it again
            await().atMost(10, TimeUnit.SECONDS).until(() -> metrics.errors("auth") == 1.0 && tls.connectionsRemembered() == 0);
        }
        assertThat(metrics.errors("handshake")).isEqualTo(0.0);
        assertThat(listener.opened).isEmpty();
    }

    @Test
    void anInboundHandshakeBoringSslRefusesIsCountedOnceAsHandshake() throws Exception {
        // the node asks for ed25519 signatures, which an EC key cannot make: our trust manager never runs
        try (TlsClient other = TlsClient.presentingAnEcCertificate()) {
            other.connectAndAwaitRefusal(bound);

            await().atMost(10, TimeUnit.SECONDS).until(() -> metrics.errors("handshake") == 1.0 && tls.connectionsRemembered() == 0);
        }
        assertThat(metrics.errors("auth")).isEqualTo(0.0);
        assertThat(listener.opened).isEmpty();
    }

    @Test
    void anHonestPeerIsLetIn() throws Exception {
        try (RawPeer peer = new RawPeer(NodeIdentity.generate())) {
            peer.connect(bound);

            await().atMost(10, TimeUnit.SECONDS).until(() -> listener.opened.size() == 1);
            assertThat(List.copyOf(listener.opened)).extracting(PeerSession::peer).containsExactly(peer.identity().did());
            assertThat(tls.connectionsRemembered()).as("while it is open").isEqualTo(1);
        }
        assertThat(metrics.errors("handshake") + metrics.errors("auth")).isEqualTo(0.0);
    }
}
