package coop.icn.icnd;

import coop.icn.icnd.core.BuildInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged {@code target/icnd.jar}, run as an operator runs it, in its own JVM. */
class ShadedJarIT {
    private static final Path JAR = Path.of("target", "icnd.jar").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Path config(int rpcPort, int adminPort, String identityBlock) throws IOException {
        Path config = dir.resolve("icnd.yml");
        Files.writeString(config, String.join("\n",
                "dataDir: " + dir.resolve("data"),
                "identity:",
                identityBlock,
                "network:",
                "  listen: 127.0.0.1:0",
                "  mdns: false",
                "server:",
                "  applicationConnectors:",
                "    - type: http",
                "      bindHost: 127.0.0.1",
                "      port: " + rpcPort,
                "  adminConnectors:",
                "    - type: http",
                "      bindHost: 127.0.0.1",
                "      port: " + adminPort,
                ""));
        return config;
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectError(dir.resolve("stderr.log").toFile())
                .start();
        started.add(process);
        return process;
    }

    private int status(String url, String... headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return http.send(request.build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.log"), StandardCharsets.UTF_8);
    }

    @Test
    void serverStartsHealthyOnAFreshDataDirectory() throws Exception {
        assertThat(JAR).as("run 'mvn package' first").exists();
        int rpc = freePort();
        int admin = freePort();
        Process node = start("server", config(rpc, admin, "  createIfMissing: true").toString());

        await().atMost(60, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> !node.isAlive() || status("http://127.0.0.1:" + admin + "/healthcheck") == 200);
        assertThat(node.isAlive()).as("node exited early: %s", stderr()).isTrue();
        assertThat(status("http://127.0.0.1:" + rpc + "/v1/status")).as("no token").isEqualTo(401);
        String token = Files.readString(dir.resolve("data/rpc-token")).trim();
        assertThat(status("http://127.0.0.1:" + rpc + "/v1/status", "Authorization", "Bearer " + token)).isEqualTo(200);
        assertThat(status("http://127.0.0.1:" + admin + "/metrics")).isEqualTo(200);
        assertThat(dir.resolve("data/identity.keystore")).exists();
    }

    @Test
    void theVersionOptionPrintsTheBuild() throws Exception {
        Process version = start("--version");

        assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).as(stderr()).isZero();
        BuildInfo build = BuildInfo.current();
        assertThat(Files.readString(dir.resolve("stdout.log")).strip()).isEqualTo(build.version() + "+" + build.revision());
    }

    @Test
    void identityCommandsThenAWrongPassphraseExitsWithOneLine() throws Exception {
        Path good = dir.resolve("good-pw");
        Path bad = dir.resolve("bad-pw");
        Files.writeString(good, "the right one\n");
        Files.writeString(bad, "not the right one\n");
        Path config = config(freePort(), freePort(), "  passphraseFile: " + bad);

        Process create = start("identity", "create", "--passphrase-file", good.toString(), config.toString());
        assertThat(create.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(create.exitValue()).as(stderr()).isZero();
        assertThat(Files.readString(dir.resolve("stdout.log"))).contains("created did:icn:z");

        Process show = start("identity", "show", "--passphrase-file", good.toString(), config.toString());
        assertThat(show.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(show.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("stdout.log"))).startsWith("did:icn:z");

        Process server = start("server", config.toString());
        assertThat(server.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isNotZero();
        assertThat(stderr().lines()).singleElement().asString().startsWith("icnd: wrong passphrase for keystore");
    }

    @Test
    void aQuicPortInUseExitsWithOneLine() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            Path config = config(freePort(), freePort(), "  createIfMissing: true");
            Files.writeString(config, Files.readString(config)
                    .replace("listen: 127.0.0.1:0", "listen: 127.0.0.1:" + taken.getLocalPort()));

            Process server = start("server", config.toString());

            assertThat(server.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isNotZero();
            assertThat(stderr().lines()).singleElement().asString()
                    .startsWith("icnd: cannot listen for QUIC on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void aCorruptKeystoreExitsWithOneLine() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/identity.keystore"), "{\"format\":\"icnd-keystore\",");
        Files.writeString(dir.resolve("data/passphrase"), "whatever\n");
        Path config = config(freePort(), freePort(), "  createIfMissing: true");

        Process server = start("server", config.toString());

        assertThat(server.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isNotZero();
        assertThat(stderr().lines()).singleElement().asString().contains("is corrupt or truncated");
    }

    @Test
    void anUnreachableDatabaseExitsWithOneLineAndNoStackTrace() throws Exception {
        int closed = freePort();
        Path config = config(freePort(), freePort(), "  createIfMissing: true");
        Files.writeString(config, Files.readString(config) + String.join("\n",
                "database:",
                "  driverClass: org.postgresql.Driver",
                "  url: jdbc:postgresql://127.0.0.1:" + closed + "/icnd",
                "  user: icnd",
                "  password: secret",
                ""));

        Process server = start("server", config.toString());

        assertThat(server.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(1);
        assertThat(stderr().lines()).singleElement().asString()
                .startsWith("icnd: cannot connect to the database jdbc:postgresql://127.0.0.1:" + closed + "/icnd:");
        assertThat(Files.readString(dir.resolve("stdout.log"))).doesNotContain("\tat ").doesNotContain("! at ");
    }

    @Test
    void anInvalidSubscriptionPatternIsAValidationErrorNamingTheKey() throws Exception {
        Path config = config(freePort(), freePort(), "  createIfMissing: true");
        Files.writeString(config, Files.readString(config) + "gossip:\n  subscriptions: [\"ledger*\"]\n");

        Process server = start("server", config.toString());

        assertThat(server.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isEqualTo(1);
        assertThat(stderr()).contains("gossip.subscriptions").doesNotContain("\tat ");
    }
}
