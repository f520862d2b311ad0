package coop.icn.icnd.gossip;

import coop.icn.icnd.NodeProcess;
import coop.icn.icnd.TestCluster;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.net.MessageType;
import coop.icn.icnd.net.RawPeer;
import coop.icn.icnd.obs.Scrape;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static coop.icn.icnd.obs.Scrape.delta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Gossip between real nodes, each its own JVM from the packaged jar. */
class GossipIT {
    private static final String TOPIC = "test:chat";

    @TempDir
    Path dir;

    @RegisterExtension
    final TestCluster cluster = new TestCluster();

    private NodeProcess node(String name) {
        return cluster.node(dir, name);
    }


    private static void awaitEntries(NodeProcess node, int count, int seconds) {
        await().atMost(seconds, TimeUnit.SECONDS).pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> node.entries(TOPIC) == count);
    }

    private static byte[] payload(int i) {
        return ("entry number " + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void entriesPublishedOnAReachCThroughBWithConsistentCountsOnEveryHop() {
        // targetPeers 1 keeps the line: A and C learn of each other from B but do not dial
        NodeProcess a = node("a").gossip("antiEntropyInterval", "1h").network("targetPeers", "1").start();
        NodeProcess b = node("b").gossip("antiEntropyInterval", "1h").bootstrap(a).start();
        NodeProcess c = node("c").gossip("antiEntropyInterval", "1h").network("targetPeers", "1").bootstrap(b).start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> b.peers().size() == 2 && a.peers().size() == 1 && c.peers().size() == 1);
        // what the nodes exchange on connecting (subscriptions, digests, peer lists) is over before the count starts
        Scrape a0 = a.quietScrape();
        Scrape b0 = b.quietScrape();
        Scrape c0 = c.quietScrape();

        List<String> hashes = new ArrayList<>();
        long firstPublished = System.currentTimeMillis();
        for (int i = 0; i < 100; i++) {
            hashes.add(a.publish(TOPIC, payload(i)));
        }

        awaitEntries(c, 100, 60);
        awaitEntries(b, 100, 10);
        double sinceFirst = (System.currentTimeMillis() - firstPublished) / 1000.0;
        Scrape a1 = a.metrics();
        Scrape b1 = b.metrics();
        Scrape c1 = c.metrics();
        assertThat(delta(a0, a1, "icn_gossip_entries_published_total")).isEqualTo(100);
        assertThat(delta(b0, b1, "icn_gossip_entries_received_total")).isEqualTo(100);
        assertThat(delta(c0, c1, "icn_gossip_entries_received_total")).isEqualTo(100);
        assertThat(delta(a0, a1, "icn_gossip_topic_entries_published_total", "topic", TOPIC)).isEqualTo(100);
        assertThat(delta(b0, b1, "icn_gossip_topic_entries_received_total", "topic", TOPIC)).isEqualTo(100);
        assertThat(delta(c0, c1, "icn_gossip_topic_entries_received_total", "topic", TOPIC)).isEqualTo(100);
        assertThat(c1.valueOrZero("icn_gossip_topic_entries_published_total", "topic", TOPIC)).isZero();
        assertThat(delta(c0, c1, "icn_gossip_duplicates_total")).isZero();
        // hop A to B, then B to C: what one side sent, the other received
        for (NodeProcess[] hop : new NodeProcess[][] {{a, b}, {b, c}}) {
            Scrape from0 = hop[0] == a ? a0 : b0;
            Scrape from1 = hop[0] == a ? a1 : b1;
            Scrape to0 = hop[1] == b ? b0 : c0;
            Scrape to1 = hop[1] == b ? b1 : c1;
            double announces = delta(from0, from1, "icn_gossip_announces_sent_total");
            assertThat(announces).isBetween(1.0, 100.0);
            assertThat(delta(to0, to1, "icn_gossip_announces_received_total")).isEqualTo(announces);
            double requests = delta(to0, to1, "icn_gossip_requests_sent_total");
            assertThat(requests).isBetween(1.0, announces);
            assertThat(delta(from0, from1, "icn_gossip_requests_received_total")).isEqualTo(requests);
            double responses = delta(from0, from1, "icn_gossip_responses_sent_total");
            assertThat(responses).isEqualTo(requests);
            assertThat(delta(to0, to1, "icn_gossip_responses_received_total")).isEqualTo(responses);
        }
        // C only receives: nothing to announce onward, no one to answer
        assertThat(delta(c0, c1, "icn_gossip_announces_sent_total")).isZero();
        assertThat(delta(c0, c1, "icn_gossip_propagation_seconds_count")).isEqualTo(100);
        // each entry took between 0 and the time since the first was published to reach C
        assertThat(delta(c0, c1, "icn_gossip_propagation_seconds_sum")).isPositive().isLessThanOrEqualTo(100 * sinceFirst);
        for (Scrape scrape : new Scrape[] {a1, b1, c1}) {
            // both measure whole frames, length prefix included
            assertThat(scrape.value("icn_network_message_size_bytes_sum", "direction", "sent"))
                    .isEqualTo(scrape.value("icn_network_bytes_sent_total"));
            assertThat(scrape.value("icn_network_message_size_bytes_sum", "direction", "received"))
                    .isEqualTo(scrape.value("icn_network_bytes_received_total"));
        }
        assertThat(c1.value("icn_gossip_entries_total")).isEqualTo(100);
        assertThat(c1.value("icn_gossip_topic_entries", "topic", TOPIC)).isEqualTo(100);
        assertThat(c1.value("icn_gossip_topics_total")).isEqualTo(1);
        assertThat(new String(c.rpcGet("/v1/entries/" + hashes.get(42)).body()))
                .isEqualTo("entry number 42");
    }

    @Test
    void aStoppedNodeCatchesUpThroughAntiEntropyAndKeepsWhatItHad() {
        NodeProcess a = node("a").gossip("antiEntropyInterval", "2s").network("targetPeers", "1").start();
        NodeProcess b = node("b").gossip("antiEntropyInterval", "2s").bootstrap(a).start();
        NodeProcess c = node("c").gossip("antiEntropyInterval", "2s").network("targetPeers", "1").bootstrap(b).start();
        for (int i = 0; i < 20; i++) {
            a.publish(TOPIC, payload(i));
        }
        awaitEntries(c, 20, 30);
        c.stop();

        for (int i = 20; i < 520; i++) {
            a.publish(TOPIC, payload(i));
        }
        awaitEntries(b, 520, 60);
        // A's anti-entropy may have had a pull of its own on B while B was behind: count from when B's are still
        Scrape bBefore = b.still(Duration.ofSeconds(3), "icn_gossip_pull_requests_received_total",
                "icn_gossip_pull_responses_sent_total");
        c.start();

        // nothing replays announcements to C: anti-entropy alone brings it level (how fast is the benchmark's job)
        awaitEntries(c, 520, 30);
        Scrape caughtUp = c.metrics();
        assertThat(caughtUp.value("icn_gossip_announces_received_total")).isZero();
        assertThat(caughtUp.value("icn_gossip_entries_received_total")).isEqualTo(500);
        assertThat(caughtUp.value("icn_gossip_pull_responses_received_total")).isPositive();
        assertThat(caughtUp.value("icn_gossip_bytes_pulled_total")).isPositive();
        assertThat(caughtUp.value("icn_gossip_duplicates_total")).isZero();
        assertThat(caughtUp.value("icn_gossip_digests_sent_total")).isPositive();
        assertThat(caughtUp.value("icn_gossip_digests_received_total")).isPositive();
        // a digest that reached C while it still verified its last pull's entries makes one more pull, answered
        // after C is level: both sides' counts agree once that answer is in
        await().atMost(20, TimeUnit.SECONDS).pollInterval(500, TimeUnit.MILLISECONDS).untilAsserted(() -> {
            Scrape cNow = c.metrics();
            Scrape bNow = b.metrics();
            assertThat(delta(bBefore, bNow, "icn_gossip_pull_requests_received_total")).isPositive()
                    .isEqualTo(cNow.value("icn_gossip_pull_requests_sent_total"));
            assertThat(delta(bBefore, bNow, "icn_gossip_pull_responses_sent_total"))
                    .isEqualTo(cNow.value("icn_gossip_pull_responses_received_total"));
            assertThat(delta(bBefore, bNow, "icn_gossip_bytes_pushed_total"))
                    .isEqualTo(cNow.value("icn_gossip_bytes_pulled_total"));
        });

        // a restart keeps every entry
        a.stop();
        a.start();
        assertThat(a.entries(TOPIC)).isEqualTo(520);
    }

    @Test
    void forgedTamperedMisaddressedAndOversizeEntriesAreRefusedAndTheRestFlows() throws Exception {
        NodeProcess a = node("a").network("maxMessageBytes", "64KiB").start();
        NodeProcess b = node("b").network("maxMessageBytes", "64KiB").bootstrap(a).start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> a.peers().size() == 1);
        RawPeer mallory = cluster.closeAfter(new RawPeer(NodeIdentity.generate()));
        mallory.connect(a).hello();
        Scrape before = a.metrics();
        NodeIdentity author = mallory.identity();
        long now = System.currentTimeMillis();

        Entry good = Entry.create(author, TOPIC, now, "honest".getBytes(StandardCharsets.UTF_8));
        Entry other = Entry.create(author, TOPIC, now, "other".getBytes(StandardCharsets.UTF_8));
        Entry forged = new Entry(other.hash(), other.topic(), NodeIdentity.generate().did(), other.timestampMillis(),
                other.data(), other.signature());   // claims another author
        byte[] forgedHash = Entry.hashOf(forged.topic(), forged.author(), forged.timestampMillis(), forged.data());
        forged = new Entry(forgedHash, forged.topic(), forged.author(), forged.timestampMillis(), forged.data(),
                author.sign(forgedHash));           // signed by the wrong key
        Entry tampered = new Entry(good.hash(), TOPIC, author.did(), now, "dishonest".getBytes(StandardCharsets.UTF_8),
                good.signature());
        Entry misaddressed = new Entry(new byte[32], TOPIC, author.did(), now, "x".getBytes(StandardCharsets.UTF_8),
                author.sign(new byte[32]));
        Entry oversize = Entry.create(author, TOPIC, now, new byte[64 * 1024 - 512]);
        Entry badTopic = Entry.create(author, "NoTopic", now, "y".getBytes(StandardCharsets.UTF_8));

        mallory.send(MessageType.RESPONSE, GossipCodec.response(ByteBufAllocator.DEFAULT, List.of(forged, tampered, misaddressed, badTopic, good), entry -> ""));
        mallory.send(MessageType.RESPONSE, GossipCodec.response(ByteBufAllocator.DEFAULT, List.of(oversize), entry -> ""));

        // the verdicts come back from the verifier threads in any order: the size check's first, a signature's last
        Map<String, Double> byReason = Map.of("signature", 1.0, "hash", 2.0, "size", 1.0, "topic", 1.0);
        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
            Scrape after = a.metrics();
            Map<String, Double> counted = new TreeMap<>();
            byReason.keySet().forEach(reason -> counted.put(reason, delta(before, after, "icn_gossip_rejected_total", "reason", reason)));
            assertThat(counted).as("entries refused by a, by reason").isEqualTo(byReason);
        });
        await().atMost(20, TimeUnit.SECONDS).until(() -> b.entries(TOPIC) == 1);
        // the true entry came after a tampered copy under its hash, and still got in
        assertThat(delta(before, a.metrics(), "icn_gossip_entries_received_total")).isEqualTo(1);
        assertThat(a.entries(TOPIC)).isEqualTo(1);
        for (Entry refused : List.of(forged, misaddressed, oversize, badTopic)) {
            assertThat(a.rpcGet("/v1/entries/" + refused.hashHex()).statusCode()).isEqualTo(404);
        }
        assertThat(new String(b.rpcGet("/v1/entries/" + good.hashHex()).body())).isEqualTo("honest");
        assertThat(NodeProcess.get(a.adminUrl("/healthcheck")).statusCode()).isEqualTo(200);

        // the same entry again is a duplicate: counted, not verified, not stored twice
        Scrape beforeRepeat = a.metrics();
        mallory.send(MessageType.RESPONSE, GossipCodec.response(ByteBufAllocator.DEFAULT, List.of(good), entry -> ""));
        await().atMost(10, TimeUnit.SECONDS).until(() ->
                delta(beforeRepeat, a.metrics(), "icn_gossip_duplicates_total") == 1);
        assertThat(a.entries(TOPIC)).isEqualTo(1);
    }

    private static List<byte[]> batch(int first, int count) {
        List<byte[]> batch = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            batch.add(payload(i));
        }
        return batch;
    }

    @Test
    void batchesPublishedOnAReachBAndCWhole() {
        NodeProcess a = node("a").gossip("antiEntropyInterval", "1h").start();
        NodeProcess b = node("b").gossip("antiEntropyInterval", "1h").network("targetPeers", "1").bootstrap(a).start();
        NodeProcess c = node("c").gossip("antiEntropyInterval", "1h").network("targetPeers", "1").bootstrap(a).start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> a.peers().size() == 2);
        Scrape b0 = b.metrics();
        Scrape c0 = c.metrics();

        List<String> hashes = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            hashes.addAll(a.publishBatch(TOPIC, batch(round * 100, 100)));
        }

        // push alone (anti-entropy is an hour away) carries every batch to both
        awaitEntries(b, 1000, 60);
        awaitEntries(c, 1000, 60);
        assertThat(delta(b0, b.metrics(), "icn_gossip_entries_received_total")).isEqualTo(1000);
        assertThat(delta(c0, c.metrics(), "icn_gossip_entries_received_total")).isEqualTo(1000);
        for (int i : new int[] {0, 99, 100, 555, 999}) {
            assertThat(c.rpcGet("/v1/entries/" + hashes.get(i)).body()).isEqualTo("entry number " + i);
            assertThat(b.rpcGet("/v1/entries/" + hashes.get(i)).body()).isEqualTo("entry number " + i);
        }
    }

    @Test
    void everyBatchAcknowledgedBeforeASigkillIsWholeAfterTheRestart() throws Exception {
        NodeProcess a = node("a").start();
        Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean killed = new AtomicBoolean(false);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        cluster.closeAfter(pool::shutdownNow);
        List<Future<UncheckedIOException>> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int me = w;
            workers.add(pool.submit(() -> {
                for (int round = 0; ; round++) {
                    int first = (me * 1_000_000) + round * 50;
                    List<String> hashes;
                    try {
                        hashes = a.publishBatch(TOPIC, batch(first, 50));
                    } catch (UncheckedIOException noAnswer) {
                        if (killed.get()) {
                            return noAnswer;
                        }
                        throw noAnswer;
                    }
                    for (int i = 0; i < hashes.size(); i++) {
                        acknowledged.put(hashes.get(i), first + i);
                    }
                }
            }));
        }
        await().atMost(60, TimeUnit.SECONDS).until(() -> acknowledged.size() >= 2_000);
        killed.set(true);
        a.kill();
        for (Future<UncheckedIOException> worker : workers) {
            assertThat(worker.get(30, TimeUnit.SECONDS)).as("each worker stopped at the kill").isNotNull();
        }
        a.start();

        // every entry of every batch that was answered 201 is there, with its data
        assertThat(a.entries(TOPIC)).isGreaterThanOrEqualTo(acknowledged.size());
        acknowledged.forEach((hash, i) -> assertThat(a.rpcGet("/v1/entries/" + hash).body())
                .as("acknowledged entry %d", i).isEqualTo("entry number " + i));
    }

    @Test
    void badPublishRequestsAreRefusedWithJsonAndCounted() {
        NodeProcess a = node("a").network("maxMessageBytes", "64KiB").start();
        Scrape before = a.metrics();

        var badTopic = a.rpcGet("/v1/topics/no-colon/entries");
        var unknownHash = a.rpcGet("/v1/entries/" + "ab".repeat(32));
        var badHash = a.rpcGet("/v1/entries/xyz");
        var empty = a.post("/v1/topics/" + TOPIC + "/entries", "");
        var tooBig = a.post("/v1/topics/" + TOPIC + "/entries", "x".repeat(70_000));

        assertThat(badTopic.statusCode()).isEqualTo(400);
        assertThat(unknownHash.statusCode()).isEqualTo(404);
        assertThat(badHash.statusCode()).isEqualTo(400);
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(NodeProcess.json(tooBig)).containsEntry("code", 413);
        Scrape after = a.metrics();
        assertThat(delta(before, after, "icn_rpc_client_errors_total", "status", "400")).isEqualTo(3);
        assertThat(delta(before, after, "icn_rpc_client_errors_total", "status", "404")).isEqualTo(1);
        assertThat(delta(before, after, "icn_rpc_client_errors_total", "status", "413")).isEqualTo(1);
        assertThat(a.entries(TOPIC)).isZero();
    }
}
