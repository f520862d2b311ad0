package coop.icn.icnd.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.BoringSSLContextOption;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.X509ExtendedKeyManager;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A QUIC client whose TLS is not a node's (another kind of certificate, no check of the node's
 * own), for handshakes a node must refuse.
 */
final class TlsClient implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel udp;

    /** Presents an ECDSA certificate, which is no node's identity. */
    static TlsClient presentingAnEcCertificate() throws Exception {
        TestCertificates ec = TestCertificates.ecSelfSigned("not-a-did");
        return new TlsClient(QuicSslContextBuilder.forClient()
                .keyManager(ec.keys().getPrivate(), null, ec.certificate())
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(PeerTls.ALPN)
                .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, new String[] {"ed25519", "ecdsa_secp256r1_sha256"})
                .build());
    }

    /** Presents the identity {@code keys} hold, and accepts whatever the node presents. */
    static TlsClient presenting(X509ExtendedKeyManager keys) throws InterruptedException {
        return new TlsClient(QuicSslContextBuilder.forClient()
                .keyManager(keys, null)
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(PeerTls.ALPN)
                .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, new String[] {"ed25519"})
                .build());
    }

    private TlsClient(QuicSslContext tls) throws InterruptedException {
        udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(QuicTransport.transportParameters(new QuicClientCodecBuilder(), TimeUnit.MINUTES.toMillis(1))
                        .sslContext(tls).build())
                .bind(0).sync().channel();
    }

    /**
     * Connects to {@code node} and returns once the connection is refused, by either side (or
     * fails after 10 s). Keep the client open until the node has noticed: a refusal of ours
     * reaches the node only while this client runs.
     */
    void connectAndAwaitRefusal(InetSocketAddress node) throws Exception {
        try {
            QuicChannel quic = QuicChannel.newBootstrap(udp).handler(new ChannelInboundHandlerAdapter())
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(node)
                    .connect().get(10, TimeUnit.SECONDS);
            // TLS 1.3: the client may believe it connected; the server has refused it
            await().atMost(10, TimeUnit.SECONDS).until(() -> !quic.isActive());
        } catch (ExecutionException refused) {
            // or the refusal arrives before connect() completes
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
