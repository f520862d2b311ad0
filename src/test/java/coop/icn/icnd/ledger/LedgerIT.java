package coop.icn.icnd.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.TestCluster;
import coop.icn.icnd.gossip.Entry;
import coop.icn.icnd.gossip.GossipTestAccess;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.net.MessageType;
import coop.icn.icnd.net.RawPeer;
import coop.icn.icnd.obs.Scrape;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Mutual credit between real nodes, each its own JVM from the packaged jar. */
class LedgerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every reason of icn_ledger_rejected_total, as the node exports them. */
    private static final List<String> REASONS = List.of("malformed", "amount", "self", "sequence", "frontier",
            "credit_limit", "equivocation", "frozen", "currency");

    @TempDir
    Path dir;

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    /** What one worker's payments came to: hashes and total of those accepted, and the answers that refused one. */
    private record Payments(List<String> accepted, long acceptedAmount, List<HttpResponse<String>> refused) {
    }

    /** How a worker of the kill test ended: the answers that refused a payment, and the failure that stopped it, if one did. */
    private record Cut(List<HttpResponse<String>> refused, UncheckedIOException noAnswer) {
    }

    private NodeProcess[] triangle() {
        return triangle(node -> node);
    }

    /** Three nodes connected pairwise, each set up by {@code configure} before it starts. */
    private NodeProcess[] triangle(UnaryOperator<NodeProcess> configure) {
        NodeProcess a = configure.apply(cluster.node(dir, "a").gossip("antiEntropyInterval", "2s"));
        NodeProcess b = configure.apply(cluster.node(dir, "b").gossip("antiEntropyInterval", "2s").bootstrap(a));
        NodeProcess c = configure.apply(cluster.node(dir, "c").gossip("antiEntropyInterval", "2s").bootstrap(a, b));
        a.start();
        b.start();
        c.start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> a.peers().size() == 2 && b.peers().size() == 2 && c.peers().size() == 2);
        return new NodeProcess[] {a, b, c};
    }

    /** A pool for the test's workers, a thread each (the common pool may have one thread for all), shut after the test. */
    private ExecutorService pool(int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        cluster.closeAfter(pool::shutdownNow);
        return pool;
    }

    private static void currency(NodeProcess node, String symbol, long limit, NodeProcess... all) {
        HttpResponse<String> created = node.post("/v1/ledger/currencies",
                "{\"symbol\":\"" + symbol + "\",\"decimals\":2,\"creditLimit\":" + limit + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        for (NodeProcess other : all) {
            await().atMost(20, TimeUnit.SECONDS).until(() -> other.rpcGet("/v1/ledger/currencies").body()
                    .contains("\"" + symbol + "\""));
        }
    }

    private static String currencyId(NodeProcess node, String symbol) throws Exception {
        return JSON.readValue(node.rpcGet("/v1/ledger/currencies").body(),
                        new TypeReference<List<Map<String, Object>>>() { }).stream()
                .filter(c -> symbol.equals(c.get("symbol"))).map(c -> (String) c.get("id")).findFirst().orElseThrow();
    }

    private static HttpResponse<String> pay(NodeProcess from, NodeProcess to, String symbol, long amount) {
        return from.post("/v1/ledger/transfers",
                "{\"to\":\"" + to.did() + "\",\"currency\":\"" + symbol + "\",\"amount\":" + amount + "}");
    }

    /** Balances as a node sees them: currency symbol -> DID -> balance. */
    private static Map<String, Map<String, Long>> balances(NodeProcess viewer, NodeProcess... accounts) throws Exception {
        Map<String, Map<String, Long>> out = new HashMap<>();
        for (NodeProcess account : accounts) {
            Map<String, Object> body = JSON.readValue(viewer.rpcGet("/v1/ledger/accounts/" + account.did()).body(),
                    new TypeReference<>() { });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) body.get("balances");
            for (Map<String, Object> balance : list) {
                out.computeIfAbsent((String) balance.get("currency"), c -> new HashMap<>())
                        .put(account.did(), ((Number) balance.get("balance")).longValue());
            }
        }
        return out;
    }

    private static List<Map<String, Object>> transfers(NodeProcess node) throws Exception {
        return JSON.readValue(node.rpcGet("/v1/ledger/transfers").body(), new TypeReference<>() { });
    }

    /** Transfer hash -> one field of it ({@code status}, {@code payer}...), as {@code node} lists them. */
    private static Map<String, Object> transfersBy(NodeProcess node, String field) throws Exception {
        Map<String, Object> out = new HashMap<>();
        transfers(node).forEach(t -> out.put((String) t.get("hash"), t.get(field)));
        return out;
    }

    /** The data of a transfer of HOUR as the ledger writes it, naming any frontier (DID -> seq). */
    private static byte[] transferData(String currencyId, String payee, long amount, long seq, Map<String, Long> frontier) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("v", 1);
        data.put("currencyId", currencyId);
        data.put("symbol", "HOUR");
        data.put("payee", payee);
        data.put("amount", amount);
        data.put("seq", seq);
        data.put("frontier", frontier);
        try {
            return JSON.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Entry transferEntry(RawPeer author, String currencyId, String payee, long amount, long seq, long time) {
        return Entry.create(author.identity(), "ledger:HOUR", time + seq, transferData(currencyId, payee, amount, seq, Map.of()));
    }

    private static Scrape[] scrapes(NodeProcess... nodes) {
        return Arrays.stream(nodes).map(NodeProcess::metrics).toArray(Scrape[]::new);
    }

    /** How much every refusal reason moved on {@code node} since {@code before}, moved or not. */
    private static Map<String, Double> refusedSince(Scrape before, NodeProcess node) {
        Scrape now = node.metrics();
        Map<String, Double> moved = new TreeMap<>();
        for (String reason : REASONS) {
            moved.put(reason, Scrape.delta(before, now, "icn_ledger_rejected_total", "reason", reason));
        }
        return moved;
    }

    /** Every reason at 0 but those given, as reason, count, reason, count... */
    private static Map<String, Double> refusals(Object... reasonsAndCounts) {
        Map<String, Double> expected = new TreeMap<>();
        REASONS.forEach(reason -> expected.put(reason, 0.0));
        for (int i = 0; i < reasonsAndCounts.length; i += 2) {
            expected.put((String) reasonsAndCounts[i], ((Number) reasonsAndCounts[i + 1]).doubleValue());
        }
        return expected;
    }

    /** Waits for the refusals on {@code node} since {@code before} to be exactly {@code expected}. */
    private static void awaitRefusals(NodeProcess node, Scrape before, Map<String, Double> expected) {
        await().atMost(20, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                .untilAsserted(() -> assertThat(refusedSince(before, node)).as(node.name()).isEqualTo(expected));
    }

    private static double clientErrorsSince(Scrape before, NodeProcess node, int status) {
        return Scrape.delta(before, node.metrics(), "icn_rpc_client_errors_total", "status", Integer.toString(status));
    }

    /**
     * Asks {@code node} for something its RPC refuses before signing: asserts the answer's status
     * and reason, one more client error of that status, and the refusals {@code node} counted.
     */
    private static void refusedByRpc(NodeProcess node, Supplier<HttpResponse<String>> request, int status, String reason,
                                     Map<String, Double> counted) {
        Scrape before = node.metrics();
        HttpResponse<String> answer = request.get();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat((String) NodeProcess.json(answer).get("message")).startsWith(reason);
        assertThat(clientErrorsSince(before, node, status)).isEqualTo(1);
        awaitRefusals(node, before, counted);
    }

    /** Publishes raw data signed by {@code author}; waits for each of {@code judges} to count it once as {@code reason}. */
    private static String refusedByGossip(NodeProcess author, String topic, byte[] data, String reason, NodeProcess... judges) {
        Scrape[] before = scrapes(judges);
        String hash = author.publish(topic, data);
        for (int i = 0; i < judges.length; i++) {
            awaitRefusals(judges[i], before[i], refusals(reason, 1));
        }
        return hash;
    }

    @Test
    void concurrentTransfersOnThreeNodesEndInIdenticalBalances() throws Exception {
        NodeProcess[] n = triangle();
        currency(n[0], "HOUR", 1_000, n);
        currency(n[1], "FOOD", 500, n);
        Scrape[] before = scrapes(n);
        ExecutorService pool = pool(3);
        List<CompletableFuture<Payments>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int me = w;
            workers.add(CompletableFuture.supplyAsync(() -> {
                Random random = new Random(me);
                List<String> accepted = new ArrayList<>();
                long acceptedAmount = 0;
                List<HttpResponse<String>> refused = new ArrayList<>();
                for (int i = 0; i < 350; i++) {
                    NodeProcess to = n[(me + 1 + random.nextInt(2)) % 3];
                    String symbol = random.nextBoolean() ? "HOUR" : "FOOD";
                    long amount = 1 + random.nextInt(60);
                    HttpResponse<String> paid = pay(n[me], to, symbol, amount);
                    if (paid.statusCode() == 201) {
                        accepted.add((String) NodeProcess.json(paid).get("hash"));
                        acceptedAmount += amount;
                    } else {
                        refused.add(paid);
                    }
                }
                return new Payments(accepted, acceptedAmount, refused);
            }, pool));
        }
        List<Payments> results = workers.stream().map(CompletableFuture::join).toList();
        Set<String> accepted = new HashSet<>();
        long acceptedAmount = 0;
        long refused = 0;
        for (int w = 0; w < 3; w++) {
            Payments payments = results.get(w);
            accepted.addAll(payments.accepted());
            acceptedAmount += payments.acceptedAmount();
            refused += payments.refused().size();
            // the one refusal honest payers paying at once can meet: the limit
            assertThat(payments.refused()).allSatisfy(answer -> {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
                assertThat(answer.body()).contains("credit_limit");
            });
            assertThat(clientErrorsSince(before[w], n[w], 422)).isEqualTo(payments.refused().size());
        }
        assertThat(accepted.size() + refused).isEqualTo(1050);
        assertThat(accepted.size()).isGreaterThan(500);

        for (NodeProcess node : n) {
            await().atMost(60, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                    .until(() -> node.metrics().value("icn_ledger_transactions_total") >= accepted.size()
                            && node.metrics().value("icn_ledger_pending_transfers") == 0);
        }
        Map<String, Map<String, Long>> reference = balances(n[0], n);
        for (NodeProcess node : n) {
            assertThat(balances(node, n)).isEqualTo(reference);
            Scrape metrics = node.metrics();
            // every node applied every accepted transfer, and nothing else
            assertThat(metrics.value("icn_ledger_transactions_total")).isEqualTo(accepted.size());
            assertThat(metrics.value("icn_ledger_transaction_amount_count")).isEqualTo(accepted.size());
            assertThat(metrics.value("icn_ledger_transaction_amount_sum")).isEqualTo(acceptedAmount);
            assertThat(metrics.value("icn_ledger_currencies_total")).isEqualTo(2);
            assertThat(metrics.value("icn_ledger_accounts_total")).isEqualTo(3);
            assertThat(metrics.value("icn_ledger_apply_latency_seconds_count")).isEqualTo(accepted.size());
            assertThat(transfers(node)).extracting(t -> t.get("status")).containsOnly("accepted");
        }
        double refusedHere = 0;
        for (NodeProcess node : n) {
            refusedHere += node.metrics().value("icn_ledger_rejected_total", "reason", "credit_limit");
        }
        assertThat(refusedHere).isEqualTo(refused);
        reference.forEach((symbol, perAccount) -> {
            assertThat(perAccount.values().stream().mapToLong(Long::longValue).sum()).as(symbol).isZero();
            long limit = symbol.equals("HOUR") ? 1_000 : 500;
            assertThat(perAccount.values()).as(symbol).allMatch(balance -> balance >= -limit);
        });
    }

    @Test
    void overdraftsEquivocationsAndReplaysAreRefusedOnEveryNode() throws Exception {
        NodeProcess[] n = triangle();
        currency(n[0], "HOUR", 100, n);
        HttpResponse<String> overdraft = pay(n[0], n[1], "HOUR", 101);
        assertThat(overdraft.statusCode()).isEqualTo(422);
        assertThat(NodeProcess.json(overdraft)).containsEntry("code", 422);
        assertThat((String) NodeProcess.json(overdraft).get("message")).startsWith("credit_limit");
        HttpResponse<String> fine = pay(n[0], n[1], "HOUR", 40);
        assertThat(fine.statusCode()).isEqualTo(201);
        String currencyId = currencyId(n[0], "HOUR");

        RawPeer mallory = cluster.closeAfter(new RawPeer(NodeIdentity.generate()));
        mallory.connect(n[0]).hello();
        long now = System.currentTimeMillis();
        Entry payB = transferEntry(mallory, currencyId, n[1].did(), 10, 1, now);
        Entry payC = transferEntry(mallory, currencyId, n[2].did(), 20, 1, now);       // same seq: equivocation
        Entry after = transferEntry(mallory, currencyId, n[2].did(), 5, 2, now);       // frozen
        RawPeer eve = cluster.closeAfter(new RawPeer(NodeIdentity.generate()));
        eve.connect(n[0]).hello();
        Entry greedy = transferEntry(eve, currencyId, n[1].did(), 150, 1, now);        // beyond the limit
        Entry zero = transferEntry(eve, currencyId, n[1].did(), 0, 2, now);            // amount
        Entry garbage = Entry.create(eve.identity(), "ledger:HOUR", now, "{not json".getBytes(StandardCharsets.UTF_8));
        Entry gap = transferEntry(eve, currencyId, n[1].did(), 1, 5, now);             // seq 3 and 4 never come

        mallory.send(MessageType.RESPONSE, GossipTestAccess.response(List.of(payB, payC, after)));
        eve.send(MessageType.RESPONSE, GossipTestAccess.response(List.of(greedy, zero, garbage, gap)));

        for (NodeProcess node : n) {
            await().atMost(30, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS).until(() -> {
                Scrape m = node.metrics();
                return m.value("icn_ledger_rejected_total", "reason", "equivocation") == 2
                        && m.value("icn_ledger_rejected_total", "reason", "frozen") == 1
                        && m.value("icn_ledger_rejected_total", "reason", "amount") == 1
                        && m.value("icn_ledger_rejected_total", "reason", "malformed") == 1
                        && m.value("icn_ledger_rejected_total", "reason", "credit_limit") >= 1
                        && m.value("icn_ledger_pending_transfers") == 1;
            });
            assertThat(transfersBy(node, "status")).containsEntry(payB.hashHex(), "equivocation")
                    .containsEntry(payC.hashHex(), "equivocation").containsEntry(after.hashHex(), "frozen")
                    .containsEntry(greedy.hashHex(), "credit_limit").containsEntry(gap.hashHex(), "pending");
            // the payer is the entry's signer: a transfer's data names only its payee
            assertThat(transfersBy(node, "payer")).containsEntry(payB.hashHex(), mallory.identity().did().value())
                    .containsEntry(after.hashHex(), mallory.identity().did().value())
                    .containsEntry(greedy.hashHex(), eve.identity().did().value());
            assertThat(balances(node, n[0], n[1], n[2]).get("HOUR")).containsEntry(n[1].did(), 40L)
                    .containsEntry(n[2].did(), 0L);
        }
        // a replayed transfer is the same entry: a duplicate, applied once
        Scrape before = n[0].metrics();
        mallory.send(MessageType.RESPONSE, GossipTestAccess.response(List.of(payB)));
        await().atMost(10, TimeUnit.SECONDS).until(() ->
                n[0].metrics().value("icn_gossip_duplicates_total") == before.value("icn_gossip_duplicates_total") + 1);
        assertThat(n[0].metrics().value("icn_ledger_rejected_total", "reason", "equivocation")).isEqualTo(2);
    }

    @Test
    void eachRefusalMovesItsReasonByExactlyOneWhereverItIsJudged() throws Exception {
        NodeProcess a = cluster.node(dir, "a");
        NodeProcess b = cluster.node(dir, "b").bootstrap(a);
        a.start();
        b.start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> a.peers().size() == 1 && b.peers().size() == 1);
        currency(a, "HOUR", 100, a, b);
        String hour = currencyId(a, "HOUR");
        Scrape[] start = scrapes(a, b);

        // refused by a's RPC before signing: counted on a alone, as nothing reaches gossip
        refusedByRpc(a, () -> a.post("/v1/ledger/currencies", "{\"symbol\":\"HOUR\",\"decimals\":2,\"creditLimit\":5}"),
                409, "exists", refusals()); // a symbol taken breaks no ledger rule
        refusedByRpc(a, () -> pay(a, b, "HOUR", 101), 422, "credit_limit", refusals("credit_limit", 1));
        refusedByRpc(a, () -> pay(a, a, "HOUR", 5), 422, "self", refusals("self", 1));
        refusedByRpc(a, () -> pay(a, b, "NOPE", 5), 404, "currency", refusals()); // a failed lookup, no definition refused

        // signed by b but published raw, past its ledger's checks: judged and counted by every node that stores it
        String badDefinition = refusedByGossip(b, "ledger-meta:currencies",
                "{\"v\":1,\"symbol\":\"lower\",\"decimals\":2,\"creditLimit\":10}".getBytes(StandardCharsets.UTF_8),
                "currency", a, b);
        String seqZero = refusedByGossip(b, "ledger:HOUR", transferData(hour, a.did(), 5, 0, Map.of()), "sequence", a, b);
        // a frontier names the credit other payers gave; naming the payer's own chain is refused
        String ownFrontier = refusedByGossip(b, "ledger:HOUR", transferData(hour, a.did(), 5, 1, Map.of(b.did(), 0L)),
                "frontier", a, b);

        for (NodeProcess node : List.of(a, b)) {
            assertThat(transfersBy(node, "status")).containsEntry(seqZero, "sequence").containsEntry(ownFrontier, "frontier")
                    .doesNotContainKey(badDefinition);
            assertThat(node.metrics().value("icn_ledger_transactions_total")).isZero();
            assertThat(node.metrics().value("icn_ledger_currencies_total")).isEqualTo(1);
        }
        // over the whole test, so nothing was counted late; and a's RPC refusals never reached b
        assertThat(refusedSince(start[0], a)).isEqualTo(refusals("credit_limit", 1, "self", 1, "currency", 1,
                "sequence", 1, "frontier", 1));
        assertThat(refusedSince(start[1], b)).isEqualTo(refusals("currency", 1, "sequence", 1, "frontier", 1));
    }

    @Test
    void aBatchOfTransfersIsAppliedInItsOrderOnEveryNode() throws Exception {
        NodeProcess[] n = triangle();
        currency(n[0], "HOUR", 10_000, n);
        List<Map<String, Object>> batch = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < 200; i++) {
            batch.add(Map.of("to", n[1 + i % 2].did(), "currency", "HOUR", "amount", 1 + i % 7));
            total += 1 + i % 7;
        }

        HttpResponse<String> answer = n[0].post("/v1/ledger/transfers/batch", JSON.writeValueAsString(Map.of("transfers", batch)));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<Map<String, Object>> results = JSON.readValue(answer.body(),
                new TypeReference<Map<String, List<Map<String, Object>>>>() { }).get("results");
        assertThat(results).hasSize(200).allSatisfy(result -> assertThat(result).containsOnlyKeys("hash"));
        List<String> hashes = results.stream().map(result -> (String) result.get("hash")).toList();
        for (NodeProcess node : n) {
            await().atMost(60, TimeUnit.SECONDS).pollInterval(250, TimeUnit.MILLISECONDS).until(() ->
                    transfersBy(node, "status").entrySet().stream().filter(t -> "accepted".equals(t.getValue()))
                            .map(Map.Entry::getKey).toList().containsAll(hashes));
            // the batch's order is its sequence: item i is the payer's transfer i + 1
            Map<String, Object> seqs = transfersBy(node, "seq");
            for (int i = 0; i < hashes.size(); i++) {
                assertThat(((Number) seqs.get(hashes.get(i))).longValue()).isEqualTo(i + 1);
            }
        }
        for (NodeProcess node : n) {
            assertThat(balances(node, n).get("HOUR")).containsEntry(n[0].did(), -total);
            assertThat(balances(node, n)).isEqualTo(balances(n[0], n));
        }
    }

    @Test
    void aNodeKilledMidWorkloadKeepsEveryAcknowledgedTransfer() throws Exception {
        // the survivors learn by keep-alive that the killed node is gone (QUIC waits five intervals):
        // until then they keep its dead connection and refuse its new one as a duplicate
        NodeProcess[] n = triangle(node -> node.network("keepAliveInterval", "2s"));
        currency(n[0], "HOUR", 10_000, n);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean killed = new AtomicBoolean(false);
        ExecutorService pool = pool(3);
        List<CompletableFuture<Cut>> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int me = w;
            workers.add(CompletableFuture.supplyAsync(() -> {
                Random random = new Random(me);
                List<HttpResponse<String>> refused = new ArrayList<>();
                while (running.get()) {
                    HttpResponse<String> paid;
                    try {
                        paid = pay(n[me], n[(me + 1 + random.nextInt(2)) % 3], "HOUR", 1 + random.nextInt(20));
                    } catch (UncheckedIOException noAnswer) {
                        if (me == 2 && killed.get()) {
                            return new Cut(refused, noAnswer); // the node this worker talks to was killed
                        }
                        throw noAnswer; // any other request without an answer fails the test, at join below
                    }
                    if (paid.statusCode() == 201) {
                        acknowledged.add((String) NodeProcess.json(paid).get("hash"));
                    } else {
                        refused.add(paid);
                    }
                }
                return new Cut(refused, null);
            }, pool));
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> acknowledged.size() >= 150);
        killed.set(true);
        n[2].kill();
        // the worker paying through the killed node stops at its first request without an answer
        await().atMost(30, TimeUnit.SECONDS).until(() -> workers.get(2).isDone());
        running.set(false);
        List<Cut> cuts = workers.stream().map(CompletableFuture::join).toList();
        assertThat(cuts.get(0).noAnswer()).isNull();
        assertThat(cuts.get(1).noAnswer()).isNull();
        assertThat(cuts.get(2).noAnswer()).as("the third worker stopped because its node was killed").isNotNull();
        assertThat(cuts).flatMap(Cut::refused).allSatisfy(answer -> {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
            assertThat(answer.body()).contains("credit_limit");
        });
        n[2].start();

        for (NodeProcess node : n) {
            await().atMost(60, TimeUnit.SECONDS).pollInterval(250, TimeUnit.MILLISECONDS).until(() -> {
                Set<String> held = new HashSet<>();
                transfers(node).forEach(t -> {
                    if ("accepted".equals(t.get("status"))) {
                        held.add((String) t.get("hash"));
                    }
                });
                return held.containsAll(acknowledged);
            });
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> balances(n[0], n).equals(balances(n[1], n))
                && balances(n[1], n).equals(balances(n[2], n)));
        assertThat(balances(n[2], n).get("HOUR").values().stream().mapToLong(Long::longValue).sum()).isZero();
    }
}
