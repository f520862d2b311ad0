package coop.icn.icnd.gossip;

import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.DataSize;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The gossip block's rules, as Dropwizard validates them at start. */
class GossipConfigTest {
    private final Validator validator = Validators.newValidator();

    private List<String> problems(GossipConfig config) {
        return validator.validate(config).stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).toList();
    }

    @Test
    void tenThousandRecentEntriesOfAtMostSixteenMebibytesByDefault() {
        GossipConfig config = new GossipConfig();

        assertThat(config.getRecentEntries()).isEqualTo(10_000);
        assertThat(config.getRecentEntriesBytes()).isEqualTo(DataSize.mebibytes(16));
        assertThat(problems(config)).isEmpty();
    }

    @Test
    void zeroTurnsRecentEntriesOffAndTheBoundsHaveLimits() {
        GossipConfig config = new GossipConfig();
        config.setRecentEntries(0);
        config.setRecentEntriesBytes(DataSize.bytes(0));
        assertThat(problems(config)).isEmpty();

        config.setRecentEntries(-1);
        config.setRecentEntriesBytes(DataSize.gibibytes(2));
        assertThat(problems(config)).hasSize(2).anySatisfy(p -> assertThat(p).startsWith("recentEntries "))
                .anySatisfy(p -> assertThat(p).startsWith("recentEntriesBytes "));

        config.setRecentEntries(10);
        config.setRecentEntriesBytes(null);
        assertThat(problems(config)).singleElement().asString().startsWith("recentEntriesBytes ").contains("null");
    }
}
