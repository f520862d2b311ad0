package coop.icn.icnd.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

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

    @Test
    void threadNamesAsLinuxShowsThemHaveTheirRoles() {
        assertThat(ThreadRole.of("C2 CompilerThre")).isEqualTo(ThreadRole.JIT_COMPILER);
        assertThat(ThreadRole.of("C1 CompilerThre")).isEqualTo(ThreadRole.JIT_COMPILER);
        assertThat(ThreadRole.of("GC Thread#1")).isEqualTo(ThreadRole.GC);
        assertThat(ThreadRole.of("G1 Conc#0")).isEqualTo(ThreadRole.GC);
        assertThat(ThreadRole.of("gossip-verify")).isEqualTo(ThreadRole.SIGNATURES);
        assertThat(ThreadRole.of("gossip-sign")).isEqualTo(ThreadRole.SIGNATURES);
        assertThat(ThreadRole.of("actor-gossip")).isEqualTo(ThreadRole.GOSSIP_ACTOR);
        assertThat(ThreadRole.of("actor-ledger")).isEqualTo(ThreadRole.LEDGER_ACTOR);
        assertThat(ThreadRole.of("icnd-quic-3-1")).isEqualTo(ThreadRole.QUIC);
        assertThat(ThreadRole.of("dw-42 - POST /v")).isEqualTo(ThreadRole.HTTP);
        assertThat(ThreadRole.of("main")).isEqualTo(ThreadRole.OTHER);
    }

    @Test
    void whatNoLiveThreadAccountsForIsOther() {
        ProcessCpu.Sample before = new ProcessCpu.Sample(10, Map.of(ThreadRole.SIGNATURES, 4.0, ThreadRole.GC, 1.0));
        ProcessCpu.Sample after = new ProcessCpu.Sample(16, Map.of(ThreadRole.SIGNATURES, 7.0, ThreadRole.GC, 1.5));

        Map<ThreadRole, Double> used = after.since(before);

        assertThat(used).containsEntry(ThreadRole.SIGNATURES, 3.0).containsEntry(ThreadRole.GC, 0.5)
                .containsEntry(ThreadRole.JIT_COMPILER, 0.0).containsEntry(ThreadRole.OTHER, 2.5);
        assertThat(used.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(6.0);
    }

    @Test
    void thisJvmsLiveThreadsAccountForNoMoreThanItsTotal() {
        ProcessCpu.Sample sample = ProcessCpu.ofThisMachine().sample(ProcessHandle.current().pid());
        double live = sample.live().values().stream().mapToDouble(Double::doubleValue).sum();

        assertThat(live).isPositive();
        // read one after the other, the threads may run a tick past the total read last... or not at all
        assertThat(live).isLessThanOrEqualTo(sample.total() + 0.5);
        assertThat(sample.live()).containsKey(ThreadRole.OTHER); // this JVM's main thread
    }
}
