package coop.icn.icnd.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessCpuTest {
    /** A real line's shape, with a command name holding a space and parentheses; utime 250, stime 50. */
    private static final String STAT = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 12345 0 3 0 250 50 0 0 20 0 37 0"
            + " 1225354 3133440 417 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    @Test
    void userPlusSystemTicksAfterTheCommandName() {
        assertThat(ProcessCpu.withTicksPerSecond(100).parse(STAT)).isEqualTo(3.0);
        assertThat(ProcessCpu.withTicksPerSecond(1000).parse(STAT)).isEqualTo(0.3);
    }

    @Test
    void aLineWithoutItsFieldsIsAnError() {
        assertThatThrownBy(() -> ProcessCpu.withTicksPerSecond(100).parse("4242 java S 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a /proc/PID/stat line");
        assertThatThrownBy(() -> ProcessCpu.withTicksPerSecond(100).parse("4242 (java) S 1 2 3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too few fields");
    }

    @Test
    void thisJvmsCpuTimeAgreesWithTheJdksOwnAccount() {
        long pid = ProcessHandle.current().pid();
        ProcessCpu cpu = ProcessCpu.ofThisMachine();
        Duration before = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
        double seconds = cpu.seconds(pid);
        Duration after = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
        assertThat(seconds).isPositive().isBetween(before.toNanos() / 1e9, after.toNanos() / 1e9);
    }
}
