package coop.icn.icnd.obs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's metrics reference is the catalogue, row for row. */
class MetricsReferenceTest {
    private static final String BEGIN = "<!-- metrics:begin -->";
    private static final String END = "<!-- metrics:end -->";

    static String table() {
        String header = "| metric | type | unit | labels | seed | meaning |\n|---|---|---|---|---|---|\n";
        return header + Arrays.stream(MetricCatalogue.values())
                .map(m -> "| `" + m.metricName() + "` | " + m.type().exposition() + " | " + m.unit() + " | "
                        + String.join(", ", m.labelNames()) + " | " + (m.seed() ? "yes" : "") + " | "
                        + m.help().replace("|", "\\|") + " |")
                .collect(Collectors.joining("\n")) + "\n";
    }

    @Test
    void readmeNamesTheHistogramsWithExemplarsAsTheCatalogueDoes() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String begin = "<!-- exemplars:begin -->";
        int from = readme.indexOf(begin);
        assertThat(from).as("README.md has no " + begin + " marker").isNotNegative();
        String listed = readme.substring(from + begin.length(), readme.indexOf("<!-- exemplars:end -->"));

        assertThat(listed).isEqualTo(Arrays.stream(MetricCatalogue.values()).filter(MetricCatalogue::exemplars)
                .map(m -> "`" + m.metricName() + "`").collect(Collectors.joining(", ")));
    }

    @Test
    void readmeTableMatchesTheCatalogue() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md has no " + BEGIN + " marker").isNotNegative();
        String section = readme.substring(begin + BEGIN.length(), end).strip() + "\n";

        assertThat(section).as("README metrics table; regenerate it from this:\n" + table()).isEqualTo(table());
    }
}
