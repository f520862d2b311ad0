package coop.icn.icnd.net;

import com.codahale.metrics.MetricRegistry;
import coop.icn.icnd.core.ActorContext;
import coop.icn.icnd.core.Supervisor;
import coop.icn.icnd.core.SupervisorConfig;
import coop.icn.icnd.core.SystemMetrics;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.obs.MetricFactory;
import io.dropwizard.util.Duration;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages per second between two network stacks on loopback, 1 KiB payloads echoed back, next
 * to a baseline measured in the same run: plain Netty QUIC echoing the same bytes on one
 * stream, without our framing, identity checks or metrics. Both ends live in this JVM, so the
 * CPU figure is for sending and echoing one message, both sides included.
 * Run: {@code scripts/network-bench.sh} (after {@code mvn -B -q package -DskipTests}).
 */
public final class NetworkThroughputBench {
    private static final int PAYLOAD = 1024;
    private static final int BATCH = 1000;
    private static final int IN_FLIGHT_BATCHES = 8;
    private static final long IDLE_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(1);
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private record Result(long messages, double seconds, double cpuSeconds) {
        double perSecond() {
            return messages / seconds;
        }

        double megabytesPerSecond() {
            return messages * (double) PAYLOAD / seconds / 1e6;
        }

        double cpuMicrosPerMessage() {
            return cpuSeconds / messages * 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        long messages = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (IcnPair icn = new IcnPair(); RawPair raw = new RawPair()) {
            icn.run(messages / 4);
            raw.run(messages / 4);
            for (int round = 1; round <= rounds; round++) {
                Result ours = icn.run(messages);
                Result base = raw.run(messages);
                System.out.printf("round %d: icnd %,.0f msg/s %.1f MB/s %.1f us CPU/msg | raw QUIC %,.0f msg/s %.1f MB/s"
                                + " %.1f us CPU/msg | ratio %.2f%n", round,
                        ours.perSecond(), ours.megabytesPerSecond(), ours.cpuMicrosPerMessage(),
                        base.perSecond(), base.megabytesPerSecond(), base.cpuMicrosPerMessage(),
                        ours.perSecond() / base.perSecond());
            }
        }
    }

    private static <T> Result timed(long messages, ThrowingRunnable body) throws Exception {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        body.run();
        return new Result(messages, (System.nanoTime() - start) / 1e9, (OS.getProcessCpuTime() - cpu) / 1e9);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Two full network actors, as two nodes run them; B echoes A's pings as pongs. */
    private static final class IcnPair implements AutoCloseable {
        private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
        private final Supervisor supervisorA;
        private final Supervisor supervisorB;
        private final NetworkActor a;
        private final Did bDid;

        IcnPair() throws Exception {
            NetworkConfig config = new NetworkConfig();
            config.setListen("127.0.0.1:0");
            config.setMdns(false);
            config.setKeepAliveInterval(Duration.hours(1));
            NodeIdentity idA = NodeIdentity.generate();
            NodeIdentity idB = NodeIdentity.generate();
            supervisorA = supervisor();
            supervisorB = supervisor();
            a = new NetworkActor(context(), idA, config);
            NetworkActor b = new NetworkActor(context(), idB, config);
            supervisorA.supervise(a);
            supervisorB.supervise(b);
            supervisorA.start();
            supervisorB.start();
            InetSocketAddress bAddress = b.boundAddress().get();
            bDid = idB.did();
            a.dial(new PeerAddress(Optional.of(bDid), "127.0.0.1", bAddress.getPort())).get(10, TimeUnit.SECONDS);
        }

        private Supervisor supervisor() {
            MetricFactory metrics = new MetricFactory(new MetricRegistry(), 100);
            return new Supervisor(new SupervisorConfig(), new SystemMetrics(metrics), scheduler, Duration.seconds(10));
        }

        private ActorContext context() {
            MetricFactory metrics = new MetricFactory(new MetricRegistry(), 100);
            return new ActorContext(metrics, new SystemMetrics(metrics), scheduler, 100_000);
        }

        Result run(long messages) throws Exception {
            return timed(messages, () -> {
                Deque<CompletableFuture<NetworkActor.PingResult>> inFlight = new ArrayDeque<>();
                long answered = 0;
                for (long sent = 0; sent < messages; sent += BATCH) {
                    if (inFlight.size() == IN_FLIGHT_BATCHES) {
                        answered += inFlight.removeFirst().get(60, TimeUnit.SECONDS).answered();
                    }
                    inFlight.add(a.ping(bDid, BATCH, PAYLOAD, 60_000));
                }
                while (!inFlight.isEmpty()) {
                    answered += inFlight.removeFirst().get(60, TimeUnit.SECONDS).answered();
                }
                if (answered != messages) {
                    throw new IllegalStateException("lost pongs: " + answered + " of " + messages);
                }
            });
        }

        @Override
        public void close() throws Exception {
            supervisorA.stop();
            supervisorB.stop();
            scheduler.shutdownNow();
        }
    }

    /** Plain Netty QUIC: one stream, the server writes back whatever it reads. */
    private static final class RawPair implements AutoCloseable {
        private final EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final QuicStreamChannel stream;
        private final AtomicLong echoedBytes = new AtomicLong();

        RawPair() throws Exception {
            TestCertificates ec = TestCertificates.ecSelfSigned("raw");
            QuicSslContext serverTls = QuicSslContextBuilder.forServer(ec.keys().getPrivate(), null, ec.certificate())
                    .applicationProtocols("raw").build();
            Channel server = new Bootstrap().group(serverGroup).channel(NioDatagramChannel.class)
                    .handler(QuicTransport.transportParameters(new QuicServerCodecBuilder(), IDLE_TIMEOUT_MILLIS)
                            .sslContext(serverTls).tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                            .handler(new ChannelInboundHandlerAdapter())
                            .streamHandler(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ctx.write(msg);
                                }

                                @Override
                                public void channelReadComplete(ChannelHandlerContext ctx) {
                                    ctx.flush();
                                }
                            }).build())
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            QuicSslContext clientTls = QuicSslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).applicationProtocols("raw").build();
            Channel client = new Bootstrap().group(clientGroup).channel(NioDatagramChannel.class)
                    .handler(QuicTransport.transportParameters(new QuicClientCodecBuilder(), IDLE_TIMEOUT_MILLIS).sslContext(clientTls).build())
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            QuicChannel quic = QuicChannel.newBootstrap(client).handler(new ChannelInboundHandlerAdapter())
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(server.localAddress()).connect().get(10, TimeUnit.SECONDS);
            stream = quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInitializer<QuicStreamChannel>() {
                @Override
                protected void initChannel(QuicStreamChannel ch) {
                    ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            echoedBytes.addAndGet(((ByteBuf) msg).readableBytes());
                            ((ByteBuf) msg).release();
                        }
                    });
                }
            }).get(10, TimeUnit.SECONDS);
        }

        Result run(long messages) throws Exception {
            long target = echoedBytes.get() + messages * PAYLOAD;
            long window = (long) BATCH * IN_FLIGHT_BATCHES * PAYLOAD;
            byte[] payload = new byte[PAYLOAD];
            return timed(messages, () -> {
                long written = echoedBytes.get();
                while (written < target) {
                    while (written - echoedBytes.get() >= window) {
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                    }
                    for (int i = 0; i < BATCH && written < target; i++, written += PAYLOAD) {
                        stream.write(Unpooled.wrappedBuffer(payload));
                    }
                    stream.flush();
                }
                while (echoedBytes.get() < target) {
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                }
            });
        }

        @Override
        public void close() {
            serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
