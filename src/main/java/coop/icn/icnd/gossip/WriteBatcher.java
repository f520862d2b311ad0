package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.obs.BucketHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Group commit: entries on their way to the store wait here, and whatever arrives while the
 * actor works through its mailbox lands in one batch, written in one transaction. A burst of
 * entries costs one commit (one sync on H2 with {@code WRITE_DELAY=0}) instead of one per
 * entry, and a publisher is answered only after its batch commits, so an acknowledged entry
 * survives a SIGKILL. Belongs to the gossip actor's thread.
 */
final class WriteBatcher {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBatcher.class);

    /**
     * An entry on its way to the store: from a peer ({@code source}) or published here
     * ({@code waiter}), with the span it is traced in until its batch commits.
     */
    record Pending(Entry entry, Did source, boolean viaPull, CompletableFuture<Entry> waiter, Span span) {
        boolean isOwn() {
            return source == null;
        }
    }

    private final EntryStore store;
    private final BucketHistogram commitDuration;
    private final GossipTracing tracing;
    private final Executor actorThread;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private boolean flushScheduled;

    /** {@code actorThread} queues a task behind what is already in the actor's mailbox. */
    WriteBatcher(EntryStore store, BucketHistogram commitDuration, GossipTracing tracing, Executor actorThread) {
        this.store = store;
        this.tracing = tracing;
        this.commitDuration = commitDuration;
        this.actorThread = actorThread;
    }

    boolean contains(String hex) {
        return pending.containsKey(hex);
    }

    Set<String> hashes() {
        return pending.keySet();
    }

    int size() {
        return pending.size();
    }

    /**
     * Queues an entry; {@code committed} is called with its batch once the batch is durable. The
     * same entry published again while it waits (the same data, topic and millisecond: one
     * hash) is one row, and its publisher is answered with the first one's.
     */
    void add(Pending entry, BatchListener committed) {
        Pending earlier = pending.get(entry.entry().hashHex());
        if (earlier != null && earlier.waiter() != null && entry.waiter() != null) {
            earlier.waiter().whenComplete((stored, error) -> {
                if (error == null) {
                    entry.waiter().complete(stored);
                } else {
                    entry.waiter().completeExceptionally(error);
                }
            });
            entry.span().end();
            return;
        }
        pending.put(entry.entry().hashHex(), entry);
        if (!flushScheduled) {
            flushScheduled = true;
            // queued behind what is already in the mailbox: a burst lands in one batch
            actorThread.execute(() -> committed.committed(flush()));
        }
    }

    interface BatchListener {
        /** The entries of one committed batch, in arrival order; empty when the write failed. */
        void committed(List<Pending> batch);
    }

    /**
     * Writes what waits, in one transaction. On failure every publisher of the batch is told and
     * the entries are dropped: a received one comes back by anti-entropy.
     */
    List<Pending> flush() {
        flushScheduled = false;
        if (pending.isEmpty()) {
            return List.of();
        }
        List<Pending> batch = new ArrayList<>(pending.values());
        pending.clear();
        Span commit = tracing.commit(batch);
        try (Scope ignored = commit.makeCurrent()) {
            long started = System.nanoTime();
            store.insertAll(batch.stream().map(Pending::entry).toList(), System.currentTimeMillis());
            commitDuration.observe((System.nanoTime() - started) / 1e9);
            return batch;
        } catch (RuntimeException e) {
            LOG.error("could not store {} entries", batch.size(), e);
            commit.setStatus(StatusCode.ERROR, e.toString());
            batch.forEach(p -> {
                if (p.waiter() != null) {
                    p.waiter().completeExceptionally(e);
                }
                p.span().setStatus(StatusCode.ERROR, "not stored");
                p.span().end();
            });
            return List.of();
        } finally {
            commit.end();
        }
    }
}
