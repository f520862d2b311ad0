package coop.icn.icnd.net;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.TestCluster;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.obs.Scrape;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static coop.icn.icnd.obs.Scrape.delta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A raw QUIC client with a valid identity (so TLS lets it in) writes malformed frames byte by
 * byte into a real node; the node drops and counts each, and everything else carries on.
 */
class MalformedFramesIT {
    @TempDir
    Path dir;

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    private RawPeer rawPeer(NodeProcess target) throws Exception {
        return cluster.closeAfter(new RawPeer(NodeIdentity.generate())).connect(target);
    }


    @Test
    void malformedAndOversizeFramesAreDroppedAndCountedAndNothingElseSuffers() throws Exception {
        NodeProcess a = cluster.node(dir, "a").network("maxMessageBytes", "64KiB").start();
        NodeProcess b = cluster.node(dir, "b").bootstrap(a).start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> a.peers().size() == 1);
        // b's first frames (its subscriptions) may still be on their way when a lists it
        Scrape before = a.quietScrape();
        RawPeer raw = rawPeer(a);

        raw.write(1, MessageType.HELLO.code(), RawPeer.helloPayload((byte) 0xff));   // trailing byte
        raw.hello();                                                                  // accepted
        await().atMost(10, TimeUnit.SECONDS).until(() -> raw.receivedTypes().contains(MessageType.HELLO.code()));
        raw.write(1, 99, new byte[] {1, 2, 3});                                      // unknown type
        raw.write(1, MessageType.PING.code(), new byte[] {1, 2, 3});                 // short ping
        raw.write(7, MessageType.PING.code(), new byte[8]);                          // unknown version
        raw.write(1, MessageType.PING.code(), new byte[100_000]);                    // over 64 KiB
        raw.write(1, MessageType.PING.code(), new byte[8]);                          // fine

        await().atMost(10, TimeUnit.SECONDS).until(() -> raw.receivedTypes().contains(MessageType.PONG.code()));
        Scrape after = a.metrics();
        assertThat(delta(before, after, "icn_network_errors_total", "type", "decode")).isEqualTo(4);
        assertThat(delta(before, after, "icn_network_errors_total", "type", "oversize")).isEqualTo(1);
        // only the good frames count as messages: one hello, one ping
        assertThat(delta(before, after, "icn_network_messages_received_total")).isEqualTo(2);
        assertThat(raw.isConnected()).isTrue();
        assertThat(NodeProcess.get(a.adminUrl("/healthcheck")).statusCode()).isEqualTo(200);
        assertThat(a.peers()).hasSize(2);
        assertThat(b.post("/v1/peers/" + a.did() + "/ping", "{\"count\":3}").statusCode()).isEqualTo(200);
    }

    @Test
    void aCertificateThatIsNotAnEd25519IdentityFailsTheHandshake() throws Exception {
        NodeProcess a = cluster.node(dir, "a").start();
        Scrape before = a.metrics();
        String[] hostPort = a.quicAddress().split(":");

        cluster.closeAfter(TlsClient.presentingAnEcCertificate())
                .connectAndAwaitRefusal(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));

        await().atMost(10, TimeUnit.SECONDS).until(() ->
                delta(before, a.metrics(), "icn_network_errors_total", "type", "handshake") == 1);
        assertThat(delta(before, a.metrics(), "icn_network_connections_total")).isZero();
        assertThat(a.peers()).isEmpty();
    }

    @Test
    void aFrameBeforeHelloClosesTheConnectionAsAnAuthError() throws Exception {
        NodeProcess a = cluster.node(dir, "a").start();
        Scrape before = a.metrics();
        RawPeer raw = rawPeer(a);

        raw.write(1, MessageType.PING.code(), new byte[8]);

        await().atMost(10, TimeUnit.SECONDS).until(() -> !raw.isConnected());
        Scrape after = a.metrics();
        assertThat(delta(before, after, "icn_network_errors_total", "type", "auth")).isEqualTo(1);
        assertThat(delta(before, after, "icn_network_connections_total")).isZero();
        assertThat(a.peers()).isEmpty();
    }
}
