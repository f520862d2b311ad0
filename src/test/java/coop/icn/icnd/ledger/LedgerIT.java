package coop.icn.icnd.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.TestCluster;
import coop.icn.icnd.gossip.Entry;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.net.MessageType;
import coop.icn.icnd.net.RawPeer;
import coop.icn.icnd.obs.Scrape;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Mutual credit between real nodes, each its own JVM from the packaged jar. */
class LedgerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    private NodeProcess[] triangle() {
        NodeProcess a = cluster.node(dir, "a").gossip("antiEntropyInterval", "2s");
        NodeProcess b = cluster.node(dir, "b").gossip("antiEntropyInterval", "2s").bootstrap(a);
        NodeProcess c = cluster.node(dir, "c").gossip("antiEntropyInterval", "2s").bootstrap(a, b);
        a.start();
        b.start();
        c.start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> a.peers().size() == 2 && b.peers().size() == 2 && c.peers().size() == 2);
        return new NodeProcess[] {a, b, c};
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

    @Test
    void concurrentTransfersOnThreeNodesEndInIdenticalBalances() throws Exception {
        NodeProcess[] n = triangle();
        currency(n[0], "HOUR", 1_000, n);
        currency(n[1], "FOOD", 500, n);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicLong acceptedAmount = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int me = w;
            workers.add(started(() -> {
                Random random = new Random(me);
                for (int i = 0; i < 350; i++) {
                    NodeProcess to = n[(me + 1 + random.nextInt(2)) % 3];
                    String symbol = random.nextBoolean() ? "HOUR" : "FOOD";
                    long amount = 1 + random.nextInt(60);
                    HttpResponse<String> paid = pay(n[me], to, symbol, amount);
                    if (paid.statusCode() == 201) {
                        accepted.add((String) NodeProcess.json(paid).get("hash"));
                        acceptedAmount.addAndGet(amount);
                    } else {
                        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(422);
                        assertThat(paid.body()).contains("credit_limit");
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(accepted.size() + refused.get()).isEqualTo(1050);
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
            assertThat(metrics.value("icn_ledger_transaction_amount_sum")).isEqualTo(acceptedAmount.get());
            assertThat(metrics.value("icn_ledger_currencies_total")).isEqualTo(2);
            assertThat(metrics.value("icn_ledger_accounts_total")).isEqualTo(3);
            assertThat(metrics.value("icn_ledger_apply_latency_seconds_count")).isEqualTo(accepted.size());
            assertThat(transfers(node)).extracting(t -> t.get("status")).containsOnly("accepted");
        }
        double refusedHere = 0;
        for (NodeProcess node : n) {
            refusedHere += node.metrics().value("icn_ledger_rejected_total", "reason", "credit_limit");
        }
        assertThat(refusedHere).isEqualTo(refused.get());
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
        String currencyId = (String) JSON.readValue(n[0].rpcGet("/v1/ledger/currencies").body(),
                new TypeReference<List<Map<String, Object>>>() { }).get(0).get("id");

        RawPeer mallory = cluster.closeAfter(new RawPeer(NodeIdentity.generate()));
        mallory.connect(n[0]).hello();
        long now = System.currentTimeMillis();
        String me = mallory.identity().did().value();
        Entry payB = transferEntry(mallory, currencyId, n[1].did(), 10, 1, now);
        Entry payC = transferEntry(mallory, currencyId, n[2].did(), 20, 1, now);       // same seq: equivocation
        Entry after = transferEntry(mallory, currencyId, n[2].did(), 5, 2, now);       // frozen
        RawPeer eve = cluster.closeAfter(new RawPeer(NodeIdentity.generate()));
        eve.connect(n[0]).hello();
        Entry greedy = transferEntry(eve, currencyId, n[1].did(), 150, 1, now);        // beyond the limit
        Entry zero = transferEntry(eve, currencyId, n[1].did(), 0, 2, now);            // amount
        Entry garbage = Entry.create(eve.identity(), "ledger:HOUR", now, "{not json".getBytes(StandardCharsets.UTF_8));
        Entry gap = transferEntry(eve, currencyId, n[1].did(), 1, 5, now);             // seq 3 and 4 never come

        mallory.send(MessageType.RESPONSE, coop.icn.icnd.gossip.GossipTestAccess.response(List.of(payB, payC, after)));
        eve.send(MessageType.RESPONSE, coop.icn.icnd.gossip.GossipTestAccess.response(List.of(greedy, zero, garbage, gap)));

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
            Map<String, Object> statuses = new HashMap<>();
            transfers(node).forEach(t -> statuses.put((String) t.get("hash"), t.get("status")));
            assertThat(statuses).containsEntry(payB.hashHex(), "equivocation").containsEntry(payC.hashHex(), "equivocation")
                    .containsEntry(after.hashHex(), "frozen").containsEntry(greedy.hashHex(), "credit_limit")
                    .containsEntry(gap.hashHex(), "pending");
            assertThat(balances(node, n[0], n[1], n[2]).get("HOUR")).containsEntry(n[1].did(), 40L)
                    .containsEntry(n[2].did(), 0L);
        }
        // a replayed transfer is the same entry: a duplicate, applied once
        Scrape before = n[0].metrics();
        mallory.send(MessageType.RESPONSE, coop.icn.icnd.gossip.GossipTestAccess.response(List.of(payB)));
        await().atMost(10, TimeUnit.SECONDS).until(() ->
                n[0].metrics().value("icn_gossip_duplicates_total") == before.value("icn_gossip_duplicates_total") + 1);
        assertThat(n[0].metrics().value("icn_ledger_rejected_total", "reason", "equivocation")).isEqualTo(2);
        assertThat(me).startsWith("did:icn:z");
    }

    private static Thread started(Runnable work) {
        Thread thread = new Thread(work, "ledger-it-worker");
        thread.start();
        return thread;
    }

    private static Entry transferEntry(RawPeer author, String currencyId, String payee, long amount, long seq, long time)
            throws Exception {
        String json = "{\"v\":1,\"currencyId\":\"" + currencyId + "\",\"symbol\":\"HOUR\",\"payee\":\"" + payee
                + "\",\"amount\":" + amount + ",\"seq\":" + seq + ",\"frontier\":{}}";
        return Entry.create(author.identity(), "ledger:HOUR", time + seq, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNodeKilledMidWorkloadKeepsEveryAcknowledgedTransfer() throws Exception {
        NodeProcess[] n = triangle();
        currency(n[0], "HOUR", 10_000, n);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int me = w;
            workers.add(started(() -> {
                Random random = new Random(me);
                while (running.get()) {
                    try {
                        HttpResponse<String> paid = pay(n[me], n[(me + 1 + random.nextInt(2)) % 3], "HOUR", 1 + random.nextInt(20));
                        if (paid.statusCode() == 201) {
                            acknowledged.add((String) NodeProcess.json(paid).get("hash"));
                        }
                    } catch (RuntimeException killed) {
                        if (me == 2) {
                            return; // the node this worker talks to was killed
                        }
                    }
                }
            }));
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> acknowledged.size() >= 150);
        n[2].kill();
        // the worker paying through the killed node stops at its first failed request
        await().atMost(30, TimeUnit.SECONDS).until(() -> !workers.get(2).isAlive());
        running.set(false);
        for (Thread worker : workers) {
            worker.join();
        }
        n[2].start();

        for (NodeProcess node : n) {
            await().atMost(60, TimeUnit.SECONDS).pollInterval(250, TimeUnit.MILLISECONDS).until(() -> {
                Set<String> held = new java.util.HashSet<>();
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
