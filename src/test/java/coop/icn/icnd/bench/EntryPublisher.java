package coop.icn.icnd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import coop.icn.icnd.NodeProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes distinct entries of a fixed size: {@code batch} per request on
 * {@code POST /v1/topics/{topic}/entries/batch} ({@code {"data":["<base64>", …]}}, answered
 * {@code 201 {"hashes":[…]}}), or one raw body per request on {@code POST /v1/topics/{topic}/entries}.
 */
public final class EntryPublisher {
    private final BenchRpc rpc;
    private final int size;
    private final int batch;
    private final AtomicLong serial = new AtomicLong();

    public EntryPublisher(BenchRpc rpc, int size, int batch) {
        this.rpc = rpc;
        this.size = size;
        this.batch = batch;
    }

    /** Publishes one entry through the batch route to learn whether the jar has it. */
    public Route.Probe probe(NodeProcess node, String topic) throws IOException, InterruptedException {
        return Route.afterProbe(rpc.post(node, batchPath(topic), "application/json", batchBody(1)), 201);
    }

    /** One request; answers the entries it stored. */
    public int publish(Route route, NodeProcess node, String topic) throws IOException, InterruptedException {
        if (route == Route.SINGLE) {
            BenchRpc.expect(rpc.post(node, "/v1/topics/" + topic + "/entries", "application/octet-stream", payload()), 201);
            return 1;
        }
        JsonNode hashes = BenchRpc.json(BenchRpc.expect(rpc.post(node, batchPath(topic), "application/json",
                batchBody(batch)), 201)).path("hashes");
        if (hashes.size() != batch) {
            throw new IllegalStateException("a batch of " + batch + " was answered with " + hashes.size() + " hashes");
        }
        return batch;
    }

    private static String batchPath(String topic) {
        return "/v1/topics/" + topic + "/entries/batch";
    }

    private byte[] batchBody(int count) {
        StringBuilder json = new StringBuilder(count * (size * 4 / 3 + 8) + 16).append("{\"data\":[");
        Base64.Encoder base64 = Base64.getEncoder();
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "\"" : ",\"").append(base64.encodeToString(payload())).append('"');
        }
        return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code size} bytes, the first eight a serial number: no two entries of a run are alike. */
    private byte[] payload() {
        byte[] data = new byte[size];
        long n = serial.incrementAndGet();
        for (int i = 0; i < 8; i++) {
            data[i] = (byte) (n >>> (8 * i));
        }
        return data;
    }
}
