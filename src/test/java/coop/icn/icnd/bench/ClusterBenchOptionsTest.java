package coop.icn.icnd.bench;

import coop.icn.icnd.bench.ClusterBenchOptions.TracingSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterBenchOptionsTest {
    @Test
    void defaultsMeasureThreeRoundsOfFourSecondsAfterEightOfWarmUpWithoutATracingSweep() {
        assertThat(ClusterBenchOptions.parse())
                .isEqualTo(new ClusterBenchOptions(3, 4000, 8000, 4, 16, 100, 256, List.of(), null));
    }

    @Test
    void tracingTakesOffAndRatiosInOrder() {
        assertThat(ClusterBenchOptions.parse("--tracing", "off,0.1, 1.0", "--seconds", "2").tracing())
                .extracting(TracingSetting::label).containsExactly("off", "on 0.1", "on 1.0");
        assertThat(ClusterBenchOptions.parse("--tracing", "off,0.1, 1.0").tracing())
                .containsExactly(new TracingSetting(false, 0), new TracingSetting(true, 0.1), new TracingSetting(true, 1.0));
    }

    @Test
    void compareTakesAnExistingJarAndNoTracingSweep(@TempDir Path dir) throws IOException {
        Path jar = Files.createFile(dir.resolve("base.jar"));
        assertThat(ClusterBenchOptions.parse("--compare", jar.toString()).compareWith()).isEqualTo(jar.toAbsolutePath());
        assertThatThrownBy(() -> ClusterBenchOptions.parse("--compare", dir.resolve("none.jar").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--compare: no jar");
        assertThatThrownBy(() -> ClusterBenchOptions.parse("--compare", jar.toString(), "--tracing", "off,1.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("give one of them");
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> ClusterBenchOptions.parse("--tracing", "off,1.5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tracing").hasMessageContaining("1.5");
        assertThatThrownBy(() -> ClusterBenchOptions.parse("--tracing", "sometimes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sometimes");
        assertThatThrownBy(() -> ClusterBenchOptions.parse("--batch", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--batch");
        assertThatThrownBy(() -> ClusterBenchOptions.parse("--rounds"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rounds needs a value");
        assertThatThrownBy(() -> ClusterBenchOptions.parse("--fast", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --fast");
    }
}
