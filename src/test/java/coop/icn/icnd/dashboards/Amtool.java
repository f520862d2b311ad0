package coop.icn.icnd.dashboards;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code amtool} (Debian package {@code prometheus-alertmanager}) in {@code dashboards/}. */
final class Amtool {
    static final String MISSING = "it comes with the Debian package 'prometheus-alertmanager':"
            + " apt-get install -y --no-install-recommends prometheus-alertmanager (scripts/test.sh does this)";

    private Amtool() {
    }

    /** The output of {@code amtool args…}, which must exit 0. */
    static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("amtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(new File("dashboards")).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("amtool is not installed; " + MISSING, e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("amtool " + String.join(" ", args) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("amtool " + String.join(" ", args) + " exited " + process.exitValue() + ":\n" + output);
        }
        return output;
    }
}
