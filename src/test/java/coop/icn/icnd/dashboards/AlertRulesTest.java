package coop.icn.icnd.dashboards;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped alert rules are valid and each alert is shown firing and not firing (promtool). */
class AlertRulesTest {
    private static String promtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process;
        try {
            process = new ProcessBuilder(command).directory(new File("dashboards")).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed; it comes with the Debian package 'prometheus':"
                    + " apt-get install -y --no-install-recommends prometheus (.ci/run does this)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void rulesCheck() throws Exception {
        assertThat(promtool("check", "rules", "icnd-alerts.yml")).contains("SUCCESS: 10 rules found");
    }

    @Test
    void everyAlertHasTestsThatPass() throws Exception {
        assertThat(promtool("test", "rules", "icnd-alerts.test.yml")).contains("SUCCESS");
        String tests = java.nio.file.Files.readString(new File("dashboards/icnd-alerts.test.yml").toPath());
        String rules = java.nio.file.Files.readString(new File("dashboards/icnd-alerts.yml").toPath());
        java.util.regex.Matcher alert = java.util.regex.Pattern.compile("- alert: (\\w+)").matcher(rules);
        while (alert.find()) {
            assertThat(tests).as("tests for " + alert.group(1)).contains("alertname: " + alert.group(1));
        }
    }

    @Test
    void theExampleScrapeConfigIsValid() throws Exception {
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS");
    }
}
