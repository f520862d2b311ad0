package coop.icn.icnd.ledger;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.bench.SignatureFloor;
import coop.icn.icnd.identity.NodeIdentity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Transfers per second through real nodes, next to the floor of this design measured in the
 * same run: how many Ed25519 sign-and-verify pairs this JVM does per second (BouncyCastle, one
 * thread). Phase 1: one node accepting and persisting transfers (H2). Phase 2: three nodes, each
 * paying the others, until every transfer is applied on all three.
 * Run after {@code mvn package}: {@code scripts/ledger-bench.sh}.
 */
public final class LedgerThroughputBench {
    public static void main(String[] args) throws Exception {
        int transfers = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        Path dir = Files.createTempDirectory("icnd-ledger-bench-");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            NodeProcess a = start(nodes, new NodeProcess(dir, "a"));
            post(http, a, "/v1/ledger/currencies", "{\"symbol\":\"BENCH\",\"decimals\":0,\"creditLimit\":1000000000000}");
            String payee = NodeIdentity.generate().did().value();
            long start = System.nanoTime();
            int ok = pay(http, a, List.of(payee), transfers);
            double oneNode = ok / ((System.nanoTime() - start) / 1e9);
            System.out.printf("one node: %d transfers accepted and persisted at %.0f transfers/s (16 requests in flight)%n",
                    ok, oneNode);

            NodeProcess b = start(nodes, new NodeProcess(dir, "b").bootstrap(a));
            NodeProcess c = start(nodes, new NodeProcess(dir, "c").bootstrap(a, b));
            double before = a.metrics().value("icn_ledger_transactions_total");
            // B and C first catch up on phase one (by anti-entropy), so the clock covers phase two only
            await().atMost(5, TimeUnit.MINUTES).until(() -> a.peers().size() == 2 && b.peers().size() == 2
                    && c.peers().size() == 2 && b.metrics().value("icn_ledger_transactions_total") >= before
                    && c.metrics().value("icn_ledger_transactions_total") >= before);
            start = System.nanoTime();
            AtomicInteger accepted = new AtomicInteger();
            List<Thread> payers = new ArrayList<>();
            NodeProcess[] three = {a, b, c};
            for (int i = 0; i < 3; i++) {
                NodeProcess from = three[i];
                List<String> others = List.of(three[(i + 1) % 3].did(), three[(i + 2) % 3].did());
                Thread thread = new Thread(() -> accepted.addAndGet(pay(http, from, others, transfers / 3)));
                thread.start();
                payers.add(thread);
            }
            for (Thread thread : payers) {
                thread.join();
            }
            double target = before + accepted.get();
            for (NodeProcess node : three) {
                await().atMost(10, TimeUnit.MINUTES).pollInterval(20, TimeUnit.MILLISECONDS)
                        .until(() -> node.metrics().value("icn_ledger_transactions_total") >= target);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("three nodes: %d transfers, applied on all three in %.2f s: %.0f transfers/s end to end%n",
                    accepted.get(), seconds, accepted.get() / seconds);

            SignatureFloor.Round signatures = new SignatureFloor().measure(1500);
            double floor = 1e6 / (signatures.signMicros() + signatures.verifyMicros());
            System.out.printf("Ed25519 sign+verify (BouncyCastle, one thread, same run): %.0f /s%n", floor);
            System.out.printf("ratios to that floor: one node %.2f, three nodes end to end %.2f%n",
                    oneNode / floor, accepted.get() / seconds / floor);
        } finally {
            nodes.forEach(NodeProcess::stop);
        }
    }

    private static NodeProcess start(List<NodeProcess> nodes, NodeProcess node) {
        nodes.add(node);
        return node.start();
    }

    private static void post(HttpClient http, NodeProcess node, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node.rpcUrl(path)))
                .header("Authorization", node.authorization())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Pays 1 unit per transfer, round-robin over {@code payees}, 16 requests in flight; returns the 201s. */
    private static int pay(HttpClient http, NodeProcess from, List<String> payees, int count) {
        Semaphore inFlight = new Semaphore(16);
        AtomicInteger ok = new AtomicInteger();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquireUninterruptibly();
            String json = "{\"to\":\"" + payees.get(i % payees.size()) + "\",\"currency\":\"BENCH\",\"amount\":1}";
            sent.add(http.sendAsync(HttpRequest.newBuilder(URI.create(from.rpcUrl("/v1/ledger/transfers")))
                            .header("Authorization", from.authorization())
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                        if (error == null && response.statusCode() == 201) {
                            ok.incrementAndGet();
                        }
                        inFlight.release();
                    }));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        return ok.get();
    }
}
