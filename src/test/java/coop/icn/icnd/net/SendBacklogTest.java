package coop.icn.icnd.net;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The bound on what one peer has not read, on a clock the test sets. */
class SendBacklogTest {
    private static final long SECOND = 1_000_000_000L;

    private final SendBacklog backlog = new SendBacklog(1000);

    @Test
    void framesAreTakenUpToTheBoundAndRefusedPastIt() {
        assertThat(backlog.reserve(600, 0)).isTrue();
        assertThat(backlog.reserve(400, 0)).as("exactly at the bound").isTrue();
        assertThat(backlog.backloggedNanos(0)).as("nothing refused yet").isZero();

        assertThat(backlog.reserve(1, SECOND)).isFalse();

        assertThat(backlog.backloggedNanos(3 * SECOND)).isEqualTo(2 * SECOND);
    }

    @Test
    void theBacklogIsTimedFromTheFirstRefusal() {
        backlog.reserve(1000, 0);
        backlog.reserve(10, SECOND);
        backlog.reserve(10, 2 * SECOND);

        assertThat(backlog.backloggedNanos(5 * SECOND)).isEqualTo(4 * SECOND);
    }

    @Test
    void aPeerHasCaughtUpOnlyOnceHalfTheBoundIsDrained() {
        backlog.reserve(1000, 0);
        backlog.reserve(100, 0);

        backlog.release(499);
        assertThat(backlog.reserve(100, SECOND)).as("room again").isTrue();
        assertThat(backlog.backloggedNanos(2 * SECOND)).as("a trickle is not catching up").isEqualTo(2 * SECOND);

        backlog.release(101);

        assertThat(backlog.backloggedNanos(3 * SECOND)).as("500 of 1000 pending").isZero();
        assertThat(backlog.reserve(500, 3 * SECOND)).isTrue();
        assertThat(backlog.reserve(1, 3 * SECOND)).isFalse();
    }

    @Test
    void writersOnManyThreadsTogetherFillItExactly() {
        SendBacklog shared = new SendBacklog(10_003);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Long>> writers = new ArrayList<>();
        try {
            for (int w = 0; w < 4; w++) {
                writers.add(CompletableFuture.supplyAsync(() -> {
                    long taken = 0;
                    while (shared.reserve(7, 0)) {
                        taken += 7;
                    }
                    return taken;
                }, pool));
            }
            long taken = writers.stream().mapToLong(CompletableFuture::join).sum();

            // 1429 frames of 7 fit in 10 003 bytes; a lost update would let one more in, or one fewer
            assertThat(taken).isEqualTo(1429 * 7);
        } finally {
            pool.shutdownNow();
        }
    }
}
