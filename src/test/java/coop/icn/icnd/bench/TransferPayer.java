package coop.icn.icnd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import coop.icn.icnd.NodeProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Pays one unit of a currency from a node's DID per transfer, round-robin over payees:
 * {@code batch} per request on {@code POST /v1/ledger/transfers/batch}
 * ({@code {"transfers":[…]}}, answered {@code 200 {"results":[{"hash"} | {"error"}, …]}}), or one
 * per request on {@code POST /v1/ledger/transfers} (answered {@code 201 {"hash"}}).
 */
public final class TransferPayer {
    private static final String BATCH = "/v1/ledger/transfers/batch";
    private final BenchRpc rpc;
    private final String currency;
    private final List<String> payees;
    private final int batch;

    public TransferPayer(BenchRpc rpc, String currency, List<String> payees, int batch) {
        this.rpc = rpc;
        this.currency = currency;
        this.payees = payees;
        this.batch = batch;
    }

    /** Pays once through the batch route to learn whether the jar has it; answers the route to use. */
    public Route.Probe probe(NodeProcess payer) throws IOException, InterruptedException {
        return Route.afterProbe(rpc.post(payer, BATCH, "application/json", batchBody(1, 0)), 200);
    }

    /** One request from client {@code client}; answers the transfers the node accepted. */
    public int pay(Route route, NodeProcess payer, int client) throws IOException, InterruptedException {
        if (route == Route.SINGLE) {
            BenchRpc.expect(rpc.post(payer, "/v1/ledger/transfers", "application/json",
                    transfer(client).getBytes(StandardCharsets.UTF_8)), 201);
            return 1;
        }
        JsonNode results = BenchRpc.json(BenchRpc.expect(rpc.post(payer, BATCH, "application/json",
                batchBody(batch, client)), 200)).path("results");
        int accepted = 0;
        for (JsonNode result : results) {
            if (!result.hasNonNull("hash")) {
                throw new IllegalStateException("a transfer in a batch was refused: " + result);
            }
            accepted++;
        }
        if (accepted != batch) {
            throw new IllegalStateException("a batch of " + batch + " was answered with " + accepted + " results");
        }
        return accepted;
    }

    private byte[] batchBody(int count, int client) {
        StringBuilder json = new StringBuilder("{\"transfers\":[");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "" : ",").append(transfer(client + i));
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private String transfer(int n) {
        return "{\"to\":\"" + payees.get(Math.floorMod(n, payees.size())) + "\",\"currency\":\"" + currency
                + "\",\"amount\":1}";
    }
}
