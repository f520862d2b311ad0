package coop.icn.icnd;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.obs.Scrape;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A node run from {@code target/icnd.jar} in its own JVM, on its own free ports and data
 * directory, as an operator runs it. For integration tests ({@code *IT}, after {@code package}).
 */
public final class NodeProcess implements AutoCloseable {
    private static final Path JAR = Path.of("target", "icnd.jar").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dir;
    private final String name;
    private final int rpcPort;
    private final int adminPort;
    private final int quicPort;
    private final Map<String, String> network = new LinkedHashMap<>();
    private final Map<String, String> gossip = new LinkedHashMap<>();
    private final Map<String, String> observability = new LinkedHashMap<>();
    private final Map<String, String> tracing = new LinkedHashMap<>();
    private Path jar = JAR;
    private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m"));
    private Process process;
    private String did;

    public NodeProcess(Path parent, String name) {
        this.dir = parent.resolve(name);
        this.name = name;
        this.rpcPort = freeTcpPort();
        this.adminPort = freeTcpPort();
        this.quicPort = freeUdpPort();
        network.put("mdns", "false");
        network.put("keepAliveInterval", "1h");
        network.put("dialBackoff", "200ms");
        network.put("maxDialBackoff", "1s");
        network.put("handshakeTimeout", "2s");
    }

    /** Adds options to this node's {@code java} command line (before {@code -jar}). */
    public NodeProcess jvm(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    /** Runs this node from another build's jar (a benchmark's baseline) instead of {@code target/icnd.jar}. */
    public NodeProcess jar(Path otherJar) {
        this.jar = otherJar;
        return this;
    }

    /** Sets a {@code network.*} key, e.g. {@code network("bootstrapPeers", "[127.0.0.1:4433]")}. */
    public NodeProcess network(String key, String yamlValue) {
        network.put(key, yamlValue);
        return this;
    }

    /** Sets a {@code gossip.*} key, e.g. {@code gossip("antiEntropyInterval", "2s")}. */
    public NodeProcess gossip(String key, String yamlValue) {
        gossip.put(key, yamlValue);
        return this;
    }

    /** Sets an {@code observability.*} key, e.g. {@code observability("maxLabelValues", "2000")}. */
    public NodeProcess observability(String key, String yamlValue) {
        observability.put(key, yamlValue);
        return this;
    }

    /** Sets a {@code tracing.*} key, e.g. {@code tracing("enabled", "true")}. */
    public NodeProcess tracing(String key, String yamlValue) {
        tracing.put(key, yamlValue);
        return this;
    }

    public NodeProcess bootstrap(NodeProcess... peers) {
        List<String> addresses = new ArrayList<>();
        for (NodeProcess peer : peers) {
            addresses.add(peer.quicAddress());
        }
        return network("bootstrapPeers", "[" + String.join(", ", addresses) + "]");
    }

    public String quicAddress() {
        return "127.0.0.1:" + quicPort;
    }

    public String name() {
        return name;
    }

    /** Starts the JVM and waits for a healthy /healthcheck. */
    public NodeProcess start() {
        try {
            Files.createDirectories(dir);
            StringBuilder yaml = new StringBuilder()
                    .append("dataDir: ").append(dir.resolve("data")).append('\n')
                    .append("identity:\n  createIfMissing: true\n")
                    .append("network:\n  listen: ").append(quicAddress()).append('\n');
            network.forEach((key, value) -> yaml.append("  ").append(key).append(": ").append(value).append('\n'));
            yaml.append("gossip:\n");
            gossip.forEach((key, value) -> yaml.append("  ").append(key).append(": ").append(value).append('\n'));
            if (gossip.isEmpty()) {
                yaml.append("  antiEntropyInterval: 30s\n");
            }
            if (!observability.isEmpty()) {
                yaml.append("observability:\n");
                observability.forEach((key, value) -> yaml.append("  ").append(key).append(": ").append(value).append('\n'));
            }
            if (!tracing.isEmpty()) {
                yaml.append("tracing:\n");
                tracing.forEach((key, value) -> yaml.append("  ").append(key).append(": ").append(value).append('\n'));
            }
            yaml.append("server:\n")
                    .append("  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: ").append(rpcPort).append("}]\n")
                    .append("  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: ").append(adminPort).append("}]\n")
                    .append("logging:\n  level: INFO\n  appenders:\n    - type: console\n")
                    .append("      logFormat: \"%-5p [%d{ISO8601,UTC}] %c: %m")
                    .append("%replace( trace_id=%X{trace_id} span_id=%X{span_id}){' trace_id= span_id=$', ''}%n%rEx\"\n");
            Files.writeString(dir.resolve("icnd.yml"), yaml.toString());
            List<String> command = new ArrayList<>(List.of(JAVA));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString(), "server", dir.resolve("icnd.yml").toString()));
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(60, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS).until(() -> {
            if (!process.isAlive()) {
                List<String> log = Files.readAllLines(dir.resolve("node.log"));
                throw new AssertionError(name + " exited; the end of its log:\n"
                        + String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size())));
            }
            try {
                return get(adminUrl("/healthcheck")).statusCode() == 200;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        });
        did = (String) json(rpcGet("/v1/status")).get("did");
        return this;
    }

    /** SIGTERM, as an operator's stop. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** SIGKILL: no goodbye to anyone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        stop();
    }

    public String did() {
        return did;
    }

    /** The node's JVM, e.g. for its CPU time in {@code /proc}. */
    public long pid() {
        return process.pid();
    }

    public Path dir() {
        return dir;
    }

    public String rpcUrl(String path) {
        return "http://127.0.0.1:" + rpcPort + path;
    }

    /** {@code 127.0.0.1:<admin port>}: what Prometheus labels this node's series with as {@code instance}. */
    public String adminAddress() {
        return "127.0.0.1:" + adminPort;
    }

    public String adminUrl(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    public Scrape metrics() {
        return Scrape.parse(get(adminUrl("/metrics")).body());
    }

    /**
     * A scrape taken once {@code counters} have not moved for {@code window}: what was in flight
     * (the frames sent on connecting, a pull of a background round) has arrived, and a count from
     * it is the test's own.
     */
    public Scrape still(Duration window, String... counters) {
        Scrape[] last = {metrics()};
        await().atMost(30, TimeUnit.SECONDS).pollDelay(window).pollInterval(window).until(() -> {
            Scrape now = metrics();
            boolean moved = Arrays.stream(counters).anyMatch(counter -> Scrape.delta(last[0], now, counter) != 0);
            last[0] = now;
            return !moved;
        });
        return last[0];
    }

    public List<Map<String, Object>> peers() {
        try {
            return JSON.readValue(rpcGet("/v1/peers").body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scrape once no message has been sent or received for a second: the traffic of connecting is over. */
    public Scrape quietScrape() {
        return still(Duration.ofSeconds(1), "icn_network_messages_received_total", "icn_network_messages_sent_total");
    }

    /** The DIDs of the peers this node lists as connected. */
    public Set<String> peerDids() {
        return peers().stream().map(peer -> (String) peer.get("did")).collect(Collectors.toSet());
    }

    /** Publishes {@code data} to {@code topic}; returns the entry's hash. */
    public String publish(String topic, byte[] data) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(rpcUrl("/v1/topics/" + topic + "/entries")))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/octet-stream")
                .header("Authorization", authorization())
                .POST(HttpRequest.BodyPublishers.ofByteArray(data)).build());
        if (response.statusCode() != 201) {
            throw new AssertionError("publish answered " + response.statusCode() + ": " + response.body());
        }
        return (String) json(response).get("hash");
    }

    /** Publishes {@code data} to {@code topic} in one batch request; returns the entries' hashes, in order. */
    @SuppressWarnings("unchecked")
    public List<String> publishBatch(String topic, List<byte[]> data) {
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("data",
                    data.stream().map(bytes -> java.util.Base64.getEncoder().encodeToString(bytes)).toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpResponse<String> response = post("/v1/topics/" + topic + "/entries/batch", body);
        if (response.statusCode() != 201) {
            throw new AssertionError("batch publish answered " + response.statusCode() + ": " + response.body());
        }
        return (List<String>) json(response).get("hashes");
    }

    /** Entries held in {@code topic}, per {@code GET /v1/topics}. */
    public int entries(String topic) {
        try {
            List<Map<String, Object>> topics = JSON.readValue(rpcGet("/v1/topics").body(), new TypeReference<>() { });
            return topics.stream().filter(t -> topic.equals(t.get("topic")))
                    .mapToInt(t -> ((Number) t.get("entries")).intValue()).findFirst().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The RPC bearer token the node wrote in its data directory on first start. */
    public String rpcToken() {
        try {
            return Files.readString(dir.resolve("data").resolve("rpc-token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code Authorization} header value an RPC client of this node sends. */
    public String authorization() {
        return "Bearer " + rpcToken();
    }

    /** {@code GET} on the RPC API, with the token. */
    public HttpResponse<String> rpcGet(String path) {
        return send(HttpRequest.newBuilder(URI.create(rpcUrl(path))).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization()).GET().build());
    }

    /** {@code POST} of a JSON body to the RPC API, with the token. */
    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(rpcUrl(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", authorization())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** {@code GET} without credentials: the admin port, or the RPC API as a stranger. */
    public static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    public static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSON.readValue(response.body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Ports handed out in this JVM: the OS may offer a just-closed port again, to the next node. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static int freeTcpPort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static int freeUdpPort() {
        while (true) {
            try (DatagramSocket socket = new DatagramSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
