package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.NodeIdentity;
import io.opentelemetry.api.trace.TracerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signing off the actor's thread: the actor gets the entries in the order they were given, each call's together. */
class SignerPoolTest {
    /** Plays the actor's thread: what the pool hands over is recorded here, in the order it arrives. */
    private final ExecutorService actorThread = Executors.newSingleThreadExecutor();
    private final List<List<WriteBatcher.Pending>> handed = new ArrayList<>();
    private final NodeIdentity identity = NodeIdentity.generate();
    private SignerPool pool;

    @AfterEach
    void stop() throws InterruptedException {
        pool.stop();
        actorThread.shutdownNow();
    }

    /** A pool of four threads (more than this machine's cores, so signing really overlaps) whose actor commits at once. */
    private SignerPool pool(int maxWaiting) {
        pool = new SignerPool(identity, new GossipTracing(TracerProvider.noop().get("test")), task -> {
            actorThread.execute(task);
            return true;
        }, batch -> {
            handed.add(batch);
            batch.forEach(pending -> pending.waiter().complete(pending.entry()));
        }, 4, maxWaiting);
        pool.start();
        return pool;
    }

    /**
     * Data that takes very different times to sign (hashing 256 KiB against 8 bytes), so entries
     * signed later often finish first: only the pool's ordering puts them back in line.
     */
    private static byte[] data(String tag, int i) {
        byte[] text = (tag + " " + i).getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[i % 2 == 0 ? 256 * 1024 : text.length];
        System.arraycopy(text, 0, data, 0, text.length);
        return data;
    }

    private static String tag(WriteBatcher.Pending pending) {
        return tag(pending.entry());
    }

    /** The text at the start of the entry's data, without the zeros that pad it (trim removes them). */
    private static String tag(Entry entry) {
        return new String(entry.data(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void entriesFromConcurrentPublishersReachTheActorInEachPublishersOrder() throws Exception {
        SignerPool signer = pool(100_000);
        int publishers = 4;
        int calls = 150;
        ExecutorService callers = Executors.newFixedThreadPool(publishers);
        List<CompletableFuture<List<CompletableFuture<List<Entry>>>>> all = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            String tag = "p" + p;
            all.add(CompletableFuture.supplyAsync(() -> {
                List<CompletableFuture<List<Entry>>> futures = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    // every third call is a batch of three: its entries must stay together and in order
                    List<EntryDraft> drafts = i % 3 == 1
                            ? List.of(new EntryDraft("test:a", data(tag, 3 * i)),
                            new EntryDraft("test:a", data(tag + "b", 3 * i + 1)),
                            new EntryDraft("test:a", data(tag + "c", 3 * i + 2)))
                            : List.of(new EntryDraft("test:a", data(tag, 3 * i)));
                    futures.add(signer.sign(drafts));
                }
                return futures;
            }, callers));
        }
        for (CompletableFuture<List<CompletableFuture<List<Entry>>>> publisher : all) {
            for (CompletableFuture<List<Entry>> call : publisher.get(60, TimeUnit.SECONDS)) {
                call.get(60, TimeUnit.SECONDS);
            }
        }
        callers.shutdown();
        actorThread.submit(() -> { }).get(10, TimeUnit.SECONDS);

        assertThat(handed).hasSize(publishers * calls);
        Map<String, Integer> last = new HashMap<>();
        for (List<WriteBatcher.Pending> batch : handed) {
            String[] first = tag(batch.get(0)).split(" ");
            int i = Integer.parseInt(first[1]);
            assertThat(i).as("%s's calls arrive in its order", first[0])
                    .isGreaterThan(last.getOrDefault(first[0], -1));
            last.put(first[0], i);
            if (i % 9 == 3) {
                assertThat(batch).extracting(SignerPoolTest::tag).as("a batch's entries, together and in order")
                        .containsExactly(first[0] + " " + i, first[0] + "b " + (i + 1), first[0] + "c " + (i + 2));
            } else {
                assertThat(batch).hasSize(1);
            }
            for (WriteBatcher.Pending pending : batch) {
                assertThat(pending.isOwn()).isTrue();
                assertThat(pending.entry().problem(1024 * 1024)).as("signed by the node").isNull();
                assertThat(pending.entry().author()).isEqualTo(identity.did());
            }
        }
    }

    @Test
    void oneThreadsCallsArriveExactlyInTheOrderTheyWereMade() throws Exception {
        SignerPool signer = pool(100_000);
        List<CompletableFuture<List<Entry>>> calls = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            calls.add(signer.sign(List.of(new EntryDraft("ledger:HOUR", data("seq", i)))));
        }
        for (int i = 0; i < calls.size(); i++) {
            // each future completes with the entry it was given
            assertThat(tag(calls.get(i).get(30, TimeUnit.SECONDS).get(0))).isEqualTo("seq " + i);
        }
        actorThread.submit(() -> { }).get(10, TimeUnit.SECONDS);

        assertThat(handed).extracting(batch -> tag(batch.get(0)))
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 600).mapToObj(i -> "seq " + i).toList());
    }

    @Test
    void beyondItsBoundItRefusesAtOnceAndSignsNothing() throws Exception {
        SignerPool signer = pool(2);
        CompletableFuture<List<Entry>> tooMany = signer.sign(List.of(new EntryDraft("test:a", data("x", 1)),
                new EntryDraft("test:a", data("x", 2)), new EntryDraft("test:a", data("x", 4))));

        assertThatThrownBy(() -> tooMany.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RejectedExecutionException.class);
        // the refused call holds no room: a call within the bound goes through
        assertThat(signer.sign(List.of(new EntryDraft("test:a", data("y", 1)),
                new EntryDraft("test:a", data("y", 2)))).get(10, TimeUnit.SECONDS)).hasSize(2);
        actorThread.submit(() -> { }).get(10, TimeUnit.SECONDS);
        assertThat(handed).hasSize(1);
    }

    @Test
    void whatTheActorRefusesFailsItsPublisher() throws Exception {
        pool = new SignerPool(identity, new GossipTracing(TracerProvider.noop().get("test")), task -> false,
                handed::add, 2, 10);
        pool.start();

        CompletableFuture<List<Entry>> refused = pool.sign(List.of(new EntryDraft("test:a", data("z", 1))));

        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("gossip is overloaded");
        assertThat(handed).isEmpty();
    }
}
