package coop.icn.icnd.obs;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/** The {@code observability:} block of {@code icnd.yml}. */
public class ObservabilityConfig {
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration updateInterval = Duration.seconds(10);

    @Min(1)
    @Max(100_000)
    private int maxLabelValues = 100;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration peerSeriesTtl = Duration.minutes(10);

    /** How long the per-peer series of a disconnected peer stay in the scrape before they are removed. */
    @JsonProperty
    public Duration getPeerSeriesTtl() {
        return peerSeriesTtl;
    }

    @JsonProperty
    public void setPeerSeriesTtl(Duration peerSeriesTtl) {
        this.peerSeriesTtl = peerSeriesTtl;
    }

    /** Period at which refreshed gauges (uptime, actors) are set. */
    @JsonProperty
    public Duration getUpdateInterval() {
        return updateInterval;
    }

    @JsonProperty
    public void setUpdateInterval(Duration updateInterval) {
        this.updateInterval = updateInterval;
    }

    /** Most distinct label-value sets one labelled metric keeps; the rest fold into "other". */
    @JsonProperty
    public int getMaxLabelValues() {
        return maxLabelValues;
    }

    @JsonProperty
    public void setMaxLabelValues(int maxLabelValues) {
        this.maxLabelValues = maxLabelValues;
    }
}
