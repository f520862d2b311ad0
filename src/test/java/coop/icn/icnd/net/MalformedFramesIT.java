package coop.icn.icnd.net;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.TestCluster;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.obs.Scrape;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.BoringSSLContextOption;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
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
        Scrape before = a.metrics();
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
        TestCertificates ec = TestCertificates.ecSelfSigned("not-a-did");
        QuicSslContext tls = QuicSslContextBuilder.forClient()
                .keyManager(ec.keys().getPrivate(), null, ec.certificate())
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(PeerTls.ALPN)
                .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, new String[] {"ed25519", "ecdsa_secp256r1_sha256"})
                .build();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        cluster.closeAfter(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS));
        Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(QuicTransport.transportParameters(new QuicClientCodecBuilder()).sslContext(tls).build())
                .bind(0).sync().channel();
        String[] hostPort = a.quicAddress().split(":");
        try {
            QuicChannel quic = QuicChannel.newBootstrap(udp).handler(new ChannelInboundHandlerAdapter())
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                    .connect().get(10, TimeUnit.SECONDS);
            // TLS 1.3: the client may believe it connected; the server has refused it
            await().atMost(10, TimeUnit.SECONDS).until(() -> !quic.isActive());
        } catch (ExecutionException refused) {
            // or the refusal arrives before connect() completes
        }

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
