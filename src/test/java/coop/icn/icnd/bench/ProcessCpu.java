package coop.icn.icnd.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used, all its threads, from Linux's {@code /proc/PID/stat}: user plus
 * system time, fields 14 and 15, in clock ticks ({@code getconf CLK_TCK}).
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
