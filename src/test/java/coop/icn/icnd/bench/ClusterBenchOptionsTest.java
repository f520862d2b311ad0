package coop.icn.icnd.bench;

import coop.icn.icnd.bench.ClusterBenchOptions.TracingSetting;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterBenchOptionsTest {
    @Test
    void defaultsMeasureThreeRoundsOfFourSecondsAfterEightOfWarmUpWithoutATracingSweep() {
        assertThat(ClusterBenchOptions.parse())
                .isEqualTo(new ClusterBenchOptions(3, 4000, 8000, 4, 16, 100, 256, List.of()));
    }

    @Test
    void tracingTakesOffAndRatiosInOrder() {
        assertThat(ClusterBenchOptions.parse("--tracing", "off,0.1, 1.0", "--seconds", "2").tracing())
                .extracting(TracingSetting::label).containsExactly("off", "on 0.1", "on 1.0");
        assertThat(ClusterBenchOptions.parse("--tracing", "off,0.1, 1.0").tracing())
                .containsExactly(new TracingSetting(false, 0), new TracingSetting(true, 0.1), new TracingSetting(true, 1.0));
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
