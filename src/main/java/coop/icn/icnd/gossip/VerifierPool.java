package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.Did;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Checks received entries (size, topic, hash, signature) on a pool of threads, one per core:
 * signatures are the dearest work a node does. The bookkeeping of what is being verified
 * belongs to the gossip actor's thread; verdicts come back to it through {@code actorThread}.
 *
 * <p>Per hash, the copy under verification comes first, then copies that differ from it (same
 * claimed hash, other bytes): a forged copy sent first must not keep the true one out, so the
 * next copy is verified when one is refused. At most {@value #MAX_COPIES} copies wait per hash.
 *
 * <p>The entries offered from one arrival are {@link #dispatch dispatched} together, split into
 * one task per thread, and each task's verdicts come back to the actor as one message, which
 * hands them to the write batcher together: one actor message per thread and arrival instead
 * of one per entry. (Commits were already large: under load the verifier's backlog collects
 * about 100 entries per commit either way, {@code docs/performance.md}.)
 */
final class VerifierPool {
    static final int MAX_COPIES = 4;

    /** A received entry waiting for its verdict, and where it came from. */
    record Candidate(Did from, Entry entry, boolean viaPull, io.opentelemetry.api.trace.Span span) {
        boolean sameAs(Entry other) {
            return Arrays.equals(entry.signature(), other.signature()) && Arrays.equals(entry.data(), other.data())
                    && entry.topic().equals(other.topic()) && entry.author().equals(other.author())
                    && entry.timestampMillis() == other.timestampMillis();
        }
    }

    /** Told of each verdict on the actor's thread; {@code reason} is null when the entry is sound. */
    interface Verdicts {
        void verified(Candidate candidate, RejectReason reason);
    }

    /** What became of an offered entry. */
    enum Admission {
        /** The same copy is held or already being verified, or too many copies wait. */
        DUPLICATE,
        /** Another copy of this hash is being verified; this one waits for its verdict. */
        WAITING,
        /** Sent to a verifier thread. */
        VERIFYING
    }

    private final int maxDataBytes;
    private final Executor actorThread;
    private final Verdicts verdicts;
    private final Map<String, ArrayDeque<Candidate>> verifying = new HashMap<>();
    private final List<Candidate> undispatched = new ArrayList<>();
    private final WorkerThreads threads;

    VerifierPool(int maxDataBytes, Executor actorThread, Verdicts verdicts) {
        this.maxDataBytes = maxDataBytes;
        this.actorThread = actorThread;
        this.verdicts = verdicts;
        this.threads = new WorkerThreads("gossip-verify", Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    void start() {
        threads.start();
    }

    void stop() throws InterruptedException {
        threads.stop();
    }

    boolean isVerifying(String hex) {
        return verifying.containsKey(hex);
    }

    Set<String> hashes() {
        return verifying.keySet();
    }

    int size() {
        return verifying.size();
    }

    /** Whether {@link #offer} would drop this entry as a duplicate: checked before any work is spent on it. */
    boolean isDuplicate(Entry entry) {
        ArrayDeque<Candidate> queue = verifying.get(entry.hashHex());
        return queue != null && (queue.size() >= MAX_COPIES || queue.stream().anyMatch(c -> c.sameAs(entry)));
    }

    /** Takes in one entry of an arrival; those {@link Admission#VERIFYING} go out at the next {@link #dispatch}. */
    Admission offer(Candidate candidate) {
        String hex = candidate.entry().hashHex();
        ArrayDeque<Candidate> queue = verifying.get(hex);
        if (queue != null) {
            if (isDuplicate(candidate.entry())) {
                return Admission.DUPLICATE;
            }
            queue.addLast(candidate);
            return Admission.WAITING;
        }
        queue = new ArrayDeque<>();
        queue.add(candidate);
        verifying.put(hex, queue);
        undispatched.add(candidate);
        return Admission.VERIFYING;
    }

    /** Sends what was offered since the last call to the threads, in one task per thread. */
    void dispatch() {
        int size = undispatched.size();
        int chunk = (size + threads.count() - 1) / threads.count();
        for (int from = 0; from < size; from += chunk) {
            submit(List.copyOf(undispatched.subList(from, Math.min(size, from + chunk))));
        }
        undispatched.clear();
    }

    /**
     * The verdict on {@code candidate} is final: when refused, the next waiting copy is verified;
     * when accepted, the copies still waiting are dropped. Returns how many were dropped.
     */
    int settle(Candidate candidate, boolean accepted) {
        String hex = candidate.entry().hashHex();
        ArrayDeque<Candidate> queue = verifying.get(hex);
        queue.removeFirst();
        if (accepted || queue.isEmpty()) {
            verifying.remove(hex);
            return queue.size();
        }
        submit(List.of(queue.peekFirst()));
        return 0;
    }

    private void submit(List<Candidate> candidates) {
        threads.execute(() -> {
            RejectReason[] reasons = new RejectReason[candidates.size()];
            for (int i = 0; i < reasons.length; i++) {
                reasons[i] = candidates.get(i).entry().problem(maxDataBytes);
            }
            actorThread.execute(() -> {
                for (int i = 0; i < reasons.length; i++) {
                    verdicts.verified(candidates.get(i), reasons[i]);
                }
            });
        });
    }
}
