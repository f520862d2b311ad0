package coop.icn.icnd.net;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.obs.Scrape;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A raw QUIC client with a valid identity (so TLS lets it in) writes malformed frames byte by
 * byte into a real node; the node drops and counts each, and everything else carries on.
 */
class MalformedFramesIT {
    @TempDir
    Path dir;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void tearDown() {
        nodes.forEach(NodeProcess::stop);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Frames read back from the node, by type code. */
    private static final class Reader extends ChannelInboundHandlerAdapter {
        private final ByteBuf pending = Unpooled.buffer();
        private final List<Integer> types = new ArrayList<>();

        @Override
        public synchronized void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            pending.writeBytes(bytes);
            bytes.release();
            while (pending.readableBytes() >= 4 && pending.readableBytes() >= 4 + pending.getInt(pending.readerIndex())) {
                int length = pending.readInt();
                ByteBuf frame = pending.readSlice(length);
                types.add((int) frame.getUnsignedByte(1));
            }
        }

        synchronized List<Integer> types() {
            return List.copyOf(types);
        }
    }

    private QuicStreamChannel connect(NodeProcess node, Reader reader) throws Exception {
        PeerTls tls = new PeerTls(NodeIdentity.generate(), () -> { }, () -> { });
        Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(QuicTransport.transportParameters(new QuicClientCodecBuilder())
                        .sslEngineProvider(tls::clientEngine).build())
                .bind(0).sync().channel();
        String[] hostPort = node.quicAddress().split(":");
        QuicChannel quic = QuicChannel.newBootstrap(udp)
                .handler(new ChannelInboundHandlerAdapter())
                .streamHandler(new ChannelInboundHandlerAdapter())
                .remoteAddress(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .connect().get(10, TimeUnit.SECONDS);
        return quic.createStream(QuicStreamType.BIDIRECTIONAL, reader).get(10, TimeUnit.SECONDS);
    }

    private static ByteBuf frame(int version, int type, byte[] payload) {
        ByteBuf frame = Unpooled.buffer();
        frame.writeInt(2 + payload.length).writeByte(version).writeByte(type).writeBytes(payload);
        return frame;
    }

    private static byte[] hello(byte... trailing) {
        ByteBuf payload = Unpooled.buffer();
        byte[] agent = "raw-test-client".getBytes(StandardCharsets.UTF_8);
        payload.writeShort(1).writeShort(agent.length).writeBytes(agent).writeBytes(trailing);
        byte[] bytes = new byte[payload.readableBytes()];
        payload.readBytes(bytes);
        return bytes;
    }

    private static double delta(Scrape before, Scrape after, String sample, String... labels) {
        return after.valueOrZero(sample, labels) - before.valueOrZero(sample, labels);
    }

    @Test
    void malformedAndOversizeFramesAreDroppedAndCountedAndNothingElseSuffers() throws Exception {
        NodeProcess a = new NodeProcess(dir, "a").network("maxMessageBytes", "64KiB").start();
        nodes.add(a);
        NodeProcess b = new NodeProcess(dir, "b").bootstrap(a).start();
        nodes.add(b);
        await().atMost(30, TimeUnit.SECONDS).until(() -> a.peers().size() == 1);
        Scrape before = a.metrics();
        Reader reader = new Reader();
        QuicStreamChannel stream = connect(a, reader);

        stream.writeAndFlush(frame(1, MessageType.HELLO.code(), hello((byte) 0xff))).sync();    // trailing byte
        stream.writeAndFlush(frame(1, MessageType.HELLO.code(), hello())).sync();               // accepted
        await().atMost(10, TimeUnit.SECONDS).until(() -> reader.types().contains(MessageType.HELLO.code()));
        stream.writeAndFlush(frame(1, 99, new byte[] {1, 2, 3})).sync();                       // unknown type
        stream.writeAndFlush(frame(1, MessageType.PING.code(), new byte[] {1, 2, 3})).sync();  // short ping
        stream.writeAndFlush(frame(7, MessageType.PING.code(), new byte[8])).sync();           // unknown version
        stream.writeAndFlush(frame(1, MessageType.PING.code(), new byte[100_000])).sync();     // over 64 KiB
        stream.writeAndFlush(frame(1, MessageType.PING.code(), new byte[8])).sync();           // fine

        await().atMost(10, TimeUnit.SECONDS).until(() -> reader.types().contains(MessageType.PONG.code()));
        Scrape after = a.metrics();
        assertThat(delta(before, after, "icn_network_errors_total", "type", "decode")).isEqualTo(4);
        assertThat(delta(before, after, "icn_network_errors_total", "type", "oversize")).isEqualTo(1);
        // only the good frames count as messages: one hello, one ping
        assertThat(delta(before, after, "icn_network_messages_received_total")).isEqualTo(2);
        assertThat(stream.parent().isActive()).isTrue();
        assertThat(NodeProcess.get(a.adminUrl("/healthcheck")).statusCode()).isEqualTo(200);
        assertThat(a.peers()).hasSize(2);
        assertThat(b.post("/v1/peers/" + a.did() + "/ping", "{\"count\":3}").statusCode()).isEqualTo(200);
    }

    @Test
    void aCertificateThatIsNotAnEd25519IdentityFailsTheHandshake() throws Exception {
        NodeProcess a = new NodeProcess(dir, "a").start();
        nodes.add(a);
        Scrape before = a.metrics();
        TestCertificates ec = TestCertificates.ecSelfSigned("not-a-did");
        io.netty.handler.codec.quic.QuicSslContext tls = io.netty.handler.codec.quic.QuicSslContextBuilder.forClient()
                .keyManager(ec.keys().getPrivate(), null, ec.certificate())
                .trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE)
                .applicationProtocols(PeerTls.ALPN)
                .option(io.netty.handler.codec.quic.BoringSSLContextOption.SIGNATURE_ALGORITHMS,
                        new String[] {"ed25519", "ecdsa_secp256r1_sha256"})
                .build();
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
        } catch (java.util.concurrent.ExecutionException refused) {
            // or the refusal arrives before connect() completes
        }

        await().atMost(10, TimeUnit.SECONDS).until(() ->
                delta(before, a.metrics(), "icn_network_errors_total", "type", "handshake") == 1);
        assertThat(delta(before, a.metrics(), "icn_network_connections_total")).isZero();
        assertThat(a.peers()).isEmpty();
    }

    @Test
    void aFrameBeforeHelloClosesTheConnectionAsAnAuthError() throws Exception {
        NodeProcess a = new NodeProcess(dir, "a").start();
        nodes.add(a);
        Scrape before = a.metrics();
        QuicStreamChannel stream = connect(a, new Reader());

        stream.writeAndFlush(frame(1, MessageType.PING.code(), new byte[8])).sync();

        await().atMost(10, TimeUnit.SECONDS).until(() -> !stream.parent().isActive());
        Scrape after = a.metrics();
        assertThat(delta(before, after, "icn_network_errors_total", "type", "auth")).isEqualTo(1);
        assertThat(delta(before, after, "icn_network_connections_total")).isZero();
        assertThat(a.peers()).isEmpty();
    }
}
