package coop.icn.icnd.core;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RestartBackoffTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void doublesForCrashesInARowUpToTheMax() {
        RestartBackoff backoff = new RestartBackoff(200, 1000);
        long now = 0;
        long[] delays = new long[5];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = backoff.nextDelayMillis(now);
            now += delays[i] * MS;
            backoff.restarted(now);
            now += 10 * MS; // crashes again soon after
        }
        assertThat(delays).containsExactly(200, 400, 800, 1000, 1000);
    }

    @Test
    void aLongHealthyRunStartsOverAtTheInitialDelay() {
        RestartBackoff backoff = new RestartBackoff(200, 1000);
        backoff.nextDelayMillis(0);
        backoff.restarted(200 * MS);
        assertThat(backoff.nextDelayMillis(300 * MS)).isEqualTo(400);
        backoff.restarted(700 * MS);

        assertThat(backoff.nextDelayMillis(700 * MS + 2001 * MS)).isEqualTo(200);
    }
}
