package coop.icn.icnd.gossip;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code gossip:} block of {@code icnd.yml}. */
public class GossipConfig {
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration antiEntropyInterval = Duration.seconds(30);

    @Min(1)
    private int maxEntriesPerTopic = 10_000;

    @NotNull
    private List<String> subscriptions = new ArrayList<>();

    @Min(0)
    @Max(1_000_000)
    private int recentEntries = 10_000;

    @NotNull
    @MinDataSize(0)
    @MaxDataSize(1024 * 1024 * 1024)
    private DataSize recentEntriesBytes = DataSize.mebibytes(16);

    /** Period of the anti-entropy digest exchange. */
    @JsonProperty
    public Duration getAntiEntropyInterval() {
        return antiEntropyInterval;
    }

    @JsonProperty
    public void setAntiEntropyInterval(Duration antiEntropyInterval) {
        this.antiEntropyInterval = antiEntropyInterval;
    }

    /** Retention bound: the oldest entries of a topic beyond this are evicted. */
    @JsonProperty
    public int getMaxEntriesPerTopic() {
        return maxEntriesPerTopic;
    }

    @JsonProperty
    public void setMaxEntriesPerTopic(int maxEntriesPerTopic) {
        this.maxEntriesPerTopic = maxEntriesPerTopic;
    }

    /** Topics this node replicates: exact names or {@code namespace:*}; empty means all. */
    @JsonProperty
    public List<String> getSubscriptions() {
        return subscriptions;
    }

    @JsonProperty
    public void setSubscriptions(List<String> subscriptions) {
        this.subscriptions = subscriptions;
    }

    /** How many of the entries committed last are kept in memory to answer peers' requests and pulls; 0: none. */
    @JsonProperty
    public int getRecentEntries() {
        return recentEntries;
    }

    @JsonProperty
    public void setRecentEntries(int recentEntries) {
        this.recentEntries = recentEntries;
    }

    /** The most those kept entries may take, counted as on the wire; 0: none. */
    @JsonProperty
    public DataSize getRecentEntriesBytes() {
        return recentEntriesBytes;
    }

    @JsonProperty
    public void setRecentEntriesBytes(DataSize recentEntriesBytes) {
        this.recentEntriesBytes = recentEntriesBytes;
    }

    @JsonIgnore
    @ValidationMethod(message = "gossip.subscriptions: each pattern is '*', 'namespace:*' or a topic namespace:purpose")
    public boolean isSubscriptionsValid() {
        return subscriptions.stream().allMatch(TopicPattern::isValid);
    }
}
