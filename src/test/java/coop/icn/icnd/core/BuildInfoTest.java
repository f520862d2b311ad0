package coop.icn.icnd.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The build this code reports is the one it was built from: pom.xml's version and the checkout's commit. */
class BuildInfoTest {
    @Test
    void theVersionIsThePomsProjectVersion() throws IOException {
        Matcher project = Pattern.compile("<artifactId>icnd</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(project.find()).as("the project's version in pom.xml").isTrue();

        assertThat(BuildInfo.current().version()).isEqualTo(project.group(1));
    }

    @Test
    void theRevisionIsTheCheckoutsCommitMarkedDirtyOrNot() throws Exception {
        String head = git("rev-parse", "--short=7", "HEAD");

        // dirty or not as the tree was when Maven built it, which edits since may have changed
        assertThat(BuildInfo.current().revision()).matches(Pattern.quote(head) + "(-dirty)?");
    }

    @Test
    void theAgentNamesBoth() {
        BuildInfo build = new BuildInfo("1.2.3", "abcdef0");

        assertThat(build.agent()).isEqualTo("icnd/1.2.3+abcdef0");
    }

    private static String git(String... arguments) throws Exception {
        String[] command = new String[arguments.length + 1];
        command[0] = "git";
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return fail("this test compares the build's revision with git's: install git (apt-get install git)", e);
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("git " + String.join(" ", arguments) + ": " + out).isZero();
        return out;
    }
}
