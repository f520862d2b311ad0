package coop.icn.icnd.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Backoff delays with a random source the test sets. */
class BackoffTest {
    private static List<Long> delays(Backoff backoff, int count) {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            delays.add(backoff.nextDelayMillis());
        }
        return delays;
    }

    @Test
    void withoutJitterTheDelaysDoubleUpToTheMaximumAndStartOverOnReset() {
        Backoff backoff = new Backoff(1000, 5000);

        assertThat(delays(backoff, 5)).containsExactly(1000L, 2000L, 4000L, 5000L, 5000L);
        backoff.reset();
        assertThat(backoff.nextDelayMillis()).isEqualTo(1000);
    }

    @Test
    void jitterDrawsEachDelayFromTheUpperHalfOfItsValue() {
        assertThat(delays(new Backoff(1000, 5000, () -> 0.0), 4)).as("the lowest draw: no jitter")
                .containsExactly(1000L, 2000L, 4000L, 5000L);
        assertThat(delays(new Backoff(1000, 5000, () -> 0.5), 4)).containsExactly(750L, 1500L, 3000L, 3750L);
        // the highest draw below 1 takes off just under half, never more
        assertThat(delays(new Backoff(1000, 5000, () -> Math.nextDown(1.0)), 4)).containsExactly(501L, 1001L, 2001L, 2501L);
    }
}
