package coop.icn.icnd.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.NodeProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real Alertmanager (Debian package {@code prometheus-alertmanager}) for a live test: on
 * 127.0.0.1, without clustering, its storage in a temporary directory; stopped by PID.
 */
final class AlertmanagerServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String address;

    private AlertmanagerServer(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    /** Starts it with this configuration and waits until it is ready. */
    static AlertmanagerServer start(Path dir, String config) throws IOException {
        int port = PrometheusServer.freePort();
        Path file = dir.resolve("alertmanager.yml");
        Files.writeString(file, config);
        Process process;
        try {
            // an empty cluster address turns off gossip between Alertmanagers and its port 9094
            process = new ProcessBuilder("prometheus-alertmanager", "--config.file=" + file,
                    "--storage.path=" + dir.resolve("alertmanager"), "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address=")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("prometheus-alertmanager is not installed; " + Amtool.MISSING, e);
        }
        AlertmanagerServer server = new AlertmanagerServer(process, "127.0.0.1:" + port);
        await().atMost(30, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS).ignoreExceptions()
                .until(() -> NodeProcess.get("http://" + server.address + "/-/ready").statusCode() == 200);
        return server;
    }

    /** host:port, for Prometheus's alerting configuration. */
    String address() {
        return address;
    }

    /** The alerts it holds, with their status (active or suppressed, and by what). */
    JsonNode alerts() throws IOException {
        return JSON.readTree(NodeProcess.get("http://" + address + "/api/v2/alerts").body());
    }

    /** SIGTERM to its PID. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
