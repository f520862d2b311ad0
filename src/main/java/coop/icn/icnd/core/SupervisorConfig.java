package coop.icn.icnd.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/** The {@code supervisor:} block of {@code icnd.yml}: restarts, health timeouts, mailboxes. */
public class SupervisorConfig {
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration restartBackoff = Duration.seconds(1);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration maxRestartBackoff = Duration.minutes(1);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    private Duration healthCheckTimeout = Duration.seconds(2);

    @Min(16)
    @Max(10_000_000)
    private int mailboxCapacity = 10_000;

    /** Delay before the first restart of a crashed actor; doubles for each crash in a row. */
    @JsonProperty
    public Duration getRestartBackoff() {
        return restartBackoff;
    }

    @JsonProperty
    public void setRestartBackoff(Duration restartBackoff) {
        this.restartBackoff = restartBackoff;
    }

    @JsonProperty
    public Duration getMaxRestartBackoff() {
        return maxRestartBackoff;
    }

    @JsonProperty
    public void setMaxRestartBackoff(Duration maxRestartBackoff) {
        this.maxRestartBackoff = maxRestartBackoff;
    }

    /** How long an actor has to answer its health check's round trip. */
    @JsonProperty
    public Duration getHealthCheckTimeout() {
        return healthCheckTimeout;
    }

    @JsonProperty
    public void setHealthCheckTimeout(Duration healthCheckTimeout) {
        this.healthCheckTimeout = healthCheckTimeout;
    }

    @JsonProperty
    public int getMailboxCapacity() {
        return mailboxCapacity;
    }

    @JsonProperty
    public void setMailboxCapacity(int mailboxCapacity) {
        this.mailboxCapacity = mailboxCapacity;
    }
}
