package coop.icn.icnd.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a paging or ticketing system: records every notification Alertmanager's
 * webhooks deliver, by path ({@code /page}, {@code /ticket}), for the test thread to assert on.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery: the path it was posted to and Alertmanager's JSON. */
    record Notification(String path, JsonNode body) {
        /** {@code alertname instance status} of each alert it carries. */
        List<String> alerts() {
            List<String> alerts = new java.util.ArrayList<>();
            body.path("alerts").forEach(alert -> alerts.add(alert.path("labels").path("alertname").asText() + " "
                    + alert.path("labels").path("instance").asText() + " " + alert.path("status").asText()));
            return alerts;
        }
    }

    private final HttpServer server;
    private final List<Notification> received = new CopyOnWriteArrayList<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                received.add(new Notification(exchange.getRequestURI().getPath(), JSON.readTree(body)));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    /** Where the webhooks post: {@code http://127.0.0.1:port/}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    List<Notification> notifications() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
