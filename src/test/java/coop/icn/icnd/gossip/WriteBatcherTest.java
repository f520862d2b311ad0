package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.obs.BucketHistogram;
import coop.icn.icnd.obs.MetricCatalogue;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Group commit: a burst is one transaction, committed before anyone hears of it. */
class WriteBatcherTest {
    @TempDir
    Path dir;

    private final NodeIdentity author = NodeIdentity.generate();
    /** The actor's mailbox, run by hand: tasks queue behind what the test does. */
    private final ArrayDeque<Runnable> mailbox = new ArrayDeque<>();
    private final BucketHistogram commits = new coop.icn.icnd.obs.MetricFactory(new com.codahale.metrics.MetricRegistry(), 10)
            .histogram(MetricCatalogue.STORE_COMMIT_DURATION);
    private final List<List<WriteBatcher.Pending>> batches = new ArrayList<>();

    private EntryStore store() {
        return TestEntryStores.open(dir, "icnd");
    }

    private WriteBatcher.Pending own(String data) {
        Entry entry = Entry.create(author, "test:a", System.currentTimeMillis(), data.getBytes(StandardCharsets.UTF_8));
        return new WriteBatcher.Pending(entry, null, false, new CompletableFuture<>(), Span.getInvalid());
    }

    @Test
    void aBurstIsOneCommitInArrivalOrder() {
        EntryStore store = store();
        WriteBatcher batcher = new WriteBatcher(store, commits, new GossipTracing(OpenTelemetry.noop().getTracer("test")), mailbox::add);
        List<WriteBatcher.Pending> burst = List.of(own("one"), own("two"), own("three"));

        burst.forEach(p -> batcher.add(p, batches::add));
        assertThat(mailbox).as("one flush queued for the whole burst").hasSize(1);
        assertThat(batcher.contains(burst.get(1).entry().hashHex())).isTrue();
        assertThat(store.count()).as("nothing written before the flush runs").isZero();
        mailbox.poll().run();

        assertThat(batches).singleElement().satisfies(batch -> assertThat(batch).containsExactlyElementsOf(burst));
        assertThat(store.count()).isEqualTo(3);
        assertThat(commits.snapshot().count()).isEqualTo(1);
        assertThat(batcher.size()).isZero();

        batcher.add(own("four"), batches::add);
        assertThat(mailbox).as("the next entry schedules the next batch").hasSize(1);
    }

    @Test
    void aFailedCommitFailsEveryPublisherOfTheBatchAndReportsNothingStored() {
        EntryStore store = store();
        WriteBatcher.Pending first = own("first");
        store.insertAll(List.of(first.entry()), 1);
        WriteBatcher batcher = new WriteBatcher(store, commits, new GossipTracing(OpenTelemetry.noop().getTracer("test")), mailbox::add);
        WriteBatcher.Pending fresh = own("fresh");

        batcher.add(fresh, batches::add);
        // the same hash again: the primary key refuses the whole transaction
        batcher.add(new WriteBatcher.Pending(first.entry(), null, false, new CompletableFuture<>(), Span.getInvalid()), batches::add);
        mailbox.poll().run();

        assertThat(batches).singleElement().satisfies(batch -> assertThat(batch).isEmpty());
        assertThat(fresh.waiter()).isCompletedExceptionally();
        assertThat(store.count()).isEqualTo(1);
        assertThat(commits.snapshot().count()).isZero();
    }

    @Test
    void theSameEntryPublishedTwiceWhileItWaitsIsOneRowAndBothPublishersAreAnswered() {
        EntryStore store = store();
        WriteBatcher batcher = new WriteBatcher(store, commits, new GossipTracing(OpenTelemetry.noop().getTracer("test")), mailbox::add);
        WriteBatcher.Pending first = own("twice");
        WriteBatcher.Pending again = new WriteBatcher.Pending(first.entry(), null, false, new CompletableFuture<>(),
                Span.getInvalid());

        batcher.add(first, batches::add);
        batcher.add(again, batches::add);
        mailbox.poll().run();

        assertThat(batches).singleElement().satisfies(batch -> assertThat(batch).containsExactly(first));
        // the actor completes the first publisher after the commit; the second hears the same
        first.waiter().complete(first.entry());
        assertThat(again.waiter()).isCompletedWithValue(first.entry());
        assertThat(store.count()).isEqualTo(1);
    }
}
