package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.NodeIdentity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Signs the entries this node publishes on a pool of threads, so that the gossip actor's thread
 * only stores and announces them. Signing finishes in any order, but the actor is handed the
 * entries in the order they were given to {@link #sign}: a payer's transfer n+1 must not be
 * committed or announced before transfer n. The entries given in one call are handed over
 * together, in one message, so they land in one batch of the {@link WriteBatcher}.
 *
 * <p>{@link #sign} is safe from any thread; the order is the order in which calls take the
 * lock, which for calls from one thread is the order they were made.
 */
final class SignerPool {
    /** The actor's mailbox: queues a task behind what is there, false when full or stopped. */
    interface Mailbox {
        boolean tell(Runnable task);
    }

    private final NodeIdentity identity;
    private final GossipTracing tracing;
    private final Mailbox actor;
    private final Consumer<List<WriteBatcher.Pending>> signed;
    private final int maxWaiting;
    /** Entries given to {@link #sign} and not yet handed to the actor: more than {@code maxWaiting} is overload. */
    private final AtomicInteger waiting = new AtomicInteger();
    /** Calls not yet handed over, in the order they were made; guarded by itself. */
    private final ArrayDeque<Job> order = new ArrayDeque<>();
    private final WorkerThreads threads;

    /**
     * @param signed told on the actor's thread, through {@code actor}, with each call's entries
     *               in their order, calls in theirs
     */
    SignerPool(NodeIdentity identity, GossipTracing tracing, Mailbox actor, Consumer<List<WriteBatcher.Pending>> signed,
               int threadCount, int maxWaiting) {
        this.identity = identity;
        this.tracing = tracing;
        this.actor = actor;
        this.signed = signed;
        this.threads = new WorkerThreads("gossip-sign", threadCount);
        this.maxWaiting = maxWaiting;
    }

    void start() {
        threads.start();
    }

    /** Lets what was given finish signing (up to 5 s); what is handed over after the actor stopped fails. */
    void stop() throws InterruptedException {
        threads.stop();
    }

    /**
     * Signs {@code drafts}, each in a {@code gossip.publish} span that is a child of the caller's
     * context, and hands them to the actor. The future completes once the actor's batch holding
     * them commits, or fails: {@link RejectedExecutionException} when too many entries wait.
     */
    CompletableFuture<List<Entry>> sign(List<EntryDraft> drafts) {
        Job job = new Job(drafts);
        if (waiting.addAndGet(drafts.size()) > maxWaiting) {
            waiting.addAndGet(-drafts.size());
            job.fail(new RejectedExecutionException("gossip is overloaded"));
            return job.done;
        }
        synchronized (order) {
            order.addLast(job);
        }
        for (int i = 0; i < drafts.size(); i++) {
            int item = i;
            try {
                threads.execute(() -> job.sign(item));
            } catch (RejectedExecutionException stopped) {
                job.failure = stopped;
                job.signedOne();
            }
        }
        return job.done;
    }

    /** Hands every finished call at the head of the order to the actor; under the lock, so no two hand out of order. */
    private void handOver() {
        synchronized (order) {
            while (!order.isEmpty() && order.peekFirst().left.get() == 0) {
                Job job = order.pollFirst();
                waiting.addAndGet(-job.drafts.size());
                job.handOver();
            }
        }
    }

    /** One call to {@link #sign}. */
    private final class Job {
        final List<EntryDraft> drafts;
        /** The caller's context: the actor's message runs in it, as it did when the caller told the actor itself. */
        final Context context = Context.current();
        final List<Span> spans = new ArrayList<>();
        final List<CompletableFuture<Entry>> stored = new ArrayList<>();
        final CompletableFuture<List<Entry>> done;
        final Entry[] entries;
        /** Entries still to sign; each item's write to {@code entries} happens before its decrement. */
        final AtomicInteger left;
        volatile Throwable failure;

        Job(List<EntryDraft> drafts) {
            this.drafts = drafts;
            this.entries = new Entry[drafts.size()];
            this.left = new AtomicInteger(drafts.size());
            for (EntryDraft draft : drafts) {
                spans.add(tracing.publish(draft.topic()));
                stored.add(new CompletableFuture<>());
            }
            this.done = CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new))
                    .thenApply(all -> stored.stream().map(CompletableFuture::join).toList());
        }

        void sign(int item) {
            EntryDraft draft = drafts.get(item);
            Span sign = tracing.sign(spans.get(item));
            try (Scope ignored = sign.makeCurrent()) {
                entries[item] = Entry.create(identity, draft.topic(), System.currentTimeMillis(), draft.data());
                spans.get(item).setAttribute(GossipTracing.ENTRY, entries[item].hashHex());
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                sign.end();
            }
            signedOne();
        }

        void signedOne() {
            if (left.decrementAndGet() == 0) {
                SignerPool.this.handOver();
            }
        }

        void handOver() {
            if (failure != null) {
                fail(failure);
                return;
            }
            List<WriteBatcher.Pending> pending = new ArrayList<>(entries.length);
            for (int i = 0; i < entries.length; i++) {
                pending.add(new WriteBatcher.Pending(entries[i], null, false, stored.get(i), spans.get(i)));
            }
            boolean told;
            try (Scope ignored = context.makeCurrent()) {
                told = actor.tell(() -> signed.accept(pending));
            }
            if (!told) {
                fail(new RejectedExecutionException("gossip is overloaded"));
            }
        }

        void fail(Throwable cause) {
            for (Span span : spans) {
                span.setStatus(StatusCode.ERROR, "not stored");
                span.end();
            }
            stored.forEach(future -> future.completeExceptionally(cause));
        }
    }
}
