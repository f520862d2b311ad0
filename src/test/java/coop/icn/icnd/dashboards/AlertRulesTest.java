package coop.icn.icnd.dashboards;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipped alert and SLO rules are valid and each alert is shown firing and not firing (promtool). */
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
        assertThat(promtool("check", "rules", "icnd-alerts.yml")).contains("SUCCESS: 12 rules found");
        assertThat(promtool("check", "rules", "icnd-slos.yml")).contains("SUCCESS: 55 rules found");
    }

    @Test
    void everyAlertHasTestsThatPass() throws Exception {
        for (String rules : new String[] {"icnd-alerts", "icnd-slos"}) {
            assertThat(promtool("test", "rules", rules + ".test.yml")).contains("SUCCESS");
            String tests = Files.readString(Path.of("dashboards", rules + ".test.yml"));
            Matcher alert = Pattern.compile("- alert: (\\w+)").matcher(Files.readString(Path.of("dashboards", rules + ".yml")));
            while (alert.find()) {
                assertThat(tests).as("tests for " + alert.group(1)).contains("alertname: " + alert.group(1));
            }
        }
    }

    @Test
    void theExampleScrapeConfigLoadsBothRuleFilesAndIsValid() throws Exception {
        assertThat(promtool("check", "config", "prometheus.yml"))
                .contains("SUCCESS: 2 rule files found", "SUCCESS: 12 rules found", "SUCCESS: 55 rules found");
    }
}
