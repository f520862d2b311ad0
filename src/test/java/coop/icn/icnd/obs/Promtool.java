package coop.icn.icnd.obs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code promtool} (Debian package {@code prometheus}) on a scrape. */
public final class Promtool {
    private Promtool() {
    }

    /** The problems {@code promtool check metrics} reports, one per line; empty when clean. */
    public static List<String> checkMetrics(String scrape) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed; it comes with the Debian package 'prometheus':"
                    + " apt-get install -y --no-install-recommends prometheus (.ci/run does this)", e);
        }
        process.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool check metrics did not finish");
        }
        return Arrays.stream(output.split("\n")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
