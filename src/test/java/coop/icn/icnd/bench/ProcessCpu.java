package coop.icn.icnd.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time a process has used, all its threads, from Linux's {@code /proc/PID/stat}: user plus
 * system time, fields 14 and 15, in clock ticks ({@code getconf CLK_TCK}); and the same per
 * {@link ThreadRole}, from each thread's {@code /proc/PID/task/TID/stat}.
 */
public final class ProcessCpu {
    private final long ticksPerSecond;

    private ProcessCpu(long ticksPerSecond) {
        this.ticksPerSecond = ticksPerSecond;
    }

    /** Asks {@code getconf CLK_TCK} once; the kernel's unit for the fields read. */
    public static ProcessCpu ofThisMachine() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (getconf.waitFor() != 0) {
                throw new IllegalStateException("getconf CLK_TCK failed: " + out);
            }
            return new ProcessCpu(Long.parseLong(out));
        } catch (IOException e) {
            throw new UncheckedIOException("getconf CLK_TCK", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static ProcessCpu withTicksPerSecond(long ticksPerSecond) {
        return new ProcessCpu(ticksPerSecond);
    }

    /** CPU seconds used so far by the live process {@code pid}. */
    public double seconds(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("no /proc/" + pid + "/stat: is the process alive, on Linux?", e);
        }
    }

    /** CPU seconds so far of the whole process and of its live threads by role. */
    public record Sample(double total, Map<ThreadRole, Double> live) {
        /**
         * Seconds used by role since {@code before}. {@link ThreadRole#OTHER} takes what no live
         * thread accounts for, so the roles add up to the process's own total.
         */
        public Map<ThreadRole, Double> since(Sample before) {
            Map<ThreadRole, Double> used = new EnumMap<>(ThreadRole.class);
            double named = 0;
            for (ThreadRole role : ThreadRole.values()) {
                if (role != ThreadRole.OTHER) {
                    double seconds = live.getOrDefault(role, 0.0) - before.live.getOrDefault(role, 0.0);
                    used.put(role, seconds);
                    named += seconds;
                }
            }
            used.put(ThreadRole.OTHER, total - before.total - named);
            return used;
        }
    }

    /** The live process {@code pid} now; a thread that ends while it is read is left out. */
    public Sample sample(long pid) {
        Map<ThreadRole, Double> live = new EnumMap<>(ThreadRole.class);
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(thread -> {
                try {
                    String name = Files.readString(thread.resolve("comm"), StandardCharsets.UTF_8).strip();
                    double seconds = parse(Files.readString(thread.resolve("stat"), StandardCharsets.UTF_8));
                    live.merge(ThreadRole.of(name), seconds, Double::sum);
                } catch (IOException ended) {
                    // the thread ended between the listing and the read: its time is in the total
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("no " + tasks + ": is the process alive, on Linux?", e);
        }
        return new Sample(seconds(pid), live);
    }

    /**
     * User plus system seconds in one {@code stat} line. The command name (field 2) is in
     * parentheses and may hold spaces and parentheses itself, so fields are counted after the last
     * {@code ')'}.
     */
    public double parse(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        }
        String[] fields = stat.substring(end + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3]
        if (fields.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc/PID/stat: " + stat);
        }
        long utime = Long.parseLong(fields[14 - 3]);
        long stime = Long.parseLong(fields[15 - 3]);
        return (utime + stime) / (double) ticksPerSecond;
    }
}
