package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.identity.NodeIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Verification off the actor's thread, and what becomes of several copies of one hash. */
class VerifierPoolTest {
    /** Plays the actor's thread: verdicts arrive here in order. */
    private final ExecutorService actorThread = Executors.newSingleThreadExecutor();
    private final LinkedBlockingQueue<Verdict> verdicts = new LinkedBlockingQueue<>();
    private final VerifierPool pool = new VerifierPool(1024, actorThread,
            (candidate, reason) -> verdicts.add(new Verdict(candidate, reason)));
    private final NodeIdentity author = NodeIdentity.generate();
    private final Did peer = NodeIdentity.generate().did();

    private record Verdict(VerifierPool.Candidate candidate, RejectReason reason) {
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.stop();
        actorThread.shutdownNow();
    }

    private VerifierPool.Candidate candidate(Entry entry) {
        return new VerifierPool.Candidate(peer, entry, false, io.opentelemetry.api.trace.Span.getInvalid());
    }

    private Verdict next() throws InterruptedException {
        Verdict verdict = verdicts.poll(10, TimeUnit.SECONDS);
        assertThat(verdict).as("a verdict within 10 s").isNotNull();
        return verdict;
    }

    @Test
    void aSoundEntryIsAcceptedAndItsRepeatIsADuplicate() throws Exception {
        pool.start();
        Entry entry = Entry.create(author, "test:a", 1, "sound".getBytes(StandardCharsets.UTF_8));

        assertThat(pool.offer(candidate(entry))).isEqualTo(VerifierPool.Admission.VERIFYING);
        assertThat(pool.offer(candidate(entry))).isEqualTo(VerifierPool.Admission.DUPLICATE);
        assertThat(verdicts.poll(200, TimeUnit.MILLISECONDS)).as("nothing is verified before dispatch").isNull();
        pool.dispatch();
        Verdict verdict = next();

        assertThat(verdict.reason()).isNull();
        assertThat(pool.settle(verdict.candidate(), true)).isZero();
        assertThat(pool.isVerifying(entry.hashHex())).isFalse();
    }

    @Test
    void aForgeryFirstDoesNotKeepTheTrueCopyOut() throws Exception {
        pool.start();
        Entry honest = Entry.create(author, "test:a", 1, "honest".getBytes(StandardCharsets.UTF_8));
        byte[] badSignature = honest.signature().clone();
        badSignature[0] ^= 1;
        Entry forged = new Entry(honest.hash(), honest.topic(), honest.author(), honest.timestampMillis(),
                honest.data(), badSignature);

        assertThat(pool.offer(candidate(forged))).isEqualTo(VerifierPool.Admission.VERIFYING);
        assertThat(pool.offer(candidate(honest))).isEqualTo(VerifierPool.Admission.WAITING);
        pool.dispatch();
        Verdict first = next();
        assertThat(first.reason()).isEqualTo(RejectReason.SIGNATURE);
        assertThat(pool.settle(first.candidate(), false)).isZero();
        assertThat(pool.isVerifying(honest.hashHex())).as("the next copy is being verified").isTrue();

        Verdict second = next();
        assertThat(second.candidate().entry().data()).isEqualTo(honest.data());
        assertThat(second.reason()).isNull();
        assertThat(pool.settle(second.candidate(), true)).isZero();
        assertThat(pool.size()).isZero();
    }

    @Test
    void atMostFourCopiesWaitAndTheRestAreDroppedWhenOneIsAccepted() throws Exception {
        // settle is the actor's call: until it comes, the copies wait whatever the verifier does
        Entry honest = Entry.create(author, "test:a", 1, "x".getBytes(StandardCharsets.UTF_8));
        pool.start();
        assertThat(pool.offer(candidate(honest))).isEqualTo(VerifierPool.Admission.VERIFYING);
        for (int i = 0; i < VerifierPool.MAX_COPIES - 1; i++) {
            byte[] sig = honest.signature().clone();
            sig[1] = (byte) i;
            Entry copy = new Entry(honest.hash(), honest.topic(), honest.author(), 1, honest.data(), sig);
            assertThat(pool.offer(candidate(copy))).isEqualTo(VerifierPool.Admission.WAITING);
        }
        byte[] sig = honest.signature().clone();
        sig[2] ^= 1;
        assertThat(pool.offer(candidate(new Entry(honest.hash(), honest.topic(), honest.author(), 1, honest.data(), sig))))
                .isEqualTo(VerifierPool.Admission.DUPLICATE);
        pool.dispatch();

        Verdict verdict = next();
        assertThat(verdict.reason()).isNull();
        assertThat(pool.settle(verdict.candidate(), true)).isEqualTo(VerifierPool.MAX_COPIES - 1);
    }

    @Test
    void anArrivalsVerdictsComeBackInOneMessagePerThread() throws Exception {
        AtomicInteger messages = new AtomicInteger();
        Executor countingActor = task -> {
            messages.incrementAndGet();
            actorThread.execute(task);
        };
        VerifierPool chunked = new VerifierPool(1024, countingActor, (candidate, reason) -> verdicts.add(new Verdict(candidate, reason)));
        chunked.start();
        try {
            int threads = Runtime.getRuntime().availableProcessors();
            for (int i = 0; i < 64; i++) {
                chunked.offer(candidate(Entry.create(author, "test:a", i, new byte[] {(byte) i})));
            }
            chunked.dispatch();
            for (int i = 0; i < 64; i++) {
                assertThat(next().reason()).isNull();
            }
            // so the write batcher gets them together: one commit per message, not per entry
            assertThat(messages.get()).isLessThanOrEqualTo(threads);
        } finally {
            chunked.stop();
        }
    }

    @Test
    void eachCheckHasItsReason() {
        Entry sound = Entry.create(author, "test:a", 1, "data".getBytes(StandardCharsets.UTF_8));
        Entry badTopic = new Entry(sound.hash(), "no topic", sound.author(), 1, sound.data(), sound.signature());
        Entry badHash = new Entry(new byte[32], sound.topic(), sound.author(), 1, sound.data(), sound.signature());

        assertThat(sound.problem(1024)).isNull();
        assertThat(sound.problem(2)).isEqualTo(RejectReason.SIZE);
        assertThat(badTopic.problem(1024)).isEqualTo(RejectReason.TOPIC);
        assertThat(badHash.problem(1024)).isEqualTo(RejectReason.HASH);
        assertThat(RejectReason.EXPIRED.label()).isEqualTo("expired");
    }
}
