package coop.icn.icnd.net;

import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.DataSize;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The network block's rules, as Dropwizard validates them at start. */
class NetworkConfigTest {
    private final Validator validator = Validators.newValidator();

    private Set<String> problems(NetworkConfig config) {
        return validator.validate(config).stream().map(ConstraintViolation::getMessage)
                .collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void eachPeerMayLeaveSixteenMebibytesUnreadByDefault() {
        NetworkConfig config = new NetworkConfig();

        assertThat(config.getMaxPendingBytes()).isEqualTo(DataSize.mebibytes(16));
        assertThat(problems(config)).isEmpty();
    }

    @Test
    void theBoundMustHoldTheLargestFrame() {
        NetworkConfig config = new NetworkConfig();
        config.setMaxMessageBytes(DataSize.kibibytes(64));
        config.setMaxPendingBytes(DataSize.bytes(64 * 1024 + FrameCodec.LENGTH_BYTES));
        assertThat(problems(config)).as("a length prefix and the largest frame fit exactly").isEmpty();

        config.setMaxPendingBytes(DataSize.kibibytes(64));

        assertThat(problems(config)).containsExactly(
                "network.maxPendingBytes must hold at least one frame of network.maxMessageBytes");
    }

    @Test
    void theBoundHasLimits() {
        NetworkConfig config = new NetworkConfig();
        config.setMaxMessageBytes(DataSize.kibibytes(1));
        config.setMaxPendingBytes(DataSize.bytes(1000));
        assertThat(problems(config)).hasSize(2);

        config.setMaxPendingBytes(null);
        assertThat(problems(config)).singleElement().asString().contains("null");
    }
}
