package coop.icn.icnd.gossip;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
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

    @JsonIgnore
    @ValidationMethod(message = "gossip.subscriptions: each pattern is '*', 'namespace:*' or a topic namespace:purpose")
    public boolean isSubscriptionsValid() {
        return subscriptions.stream().allMatch(TopicPattern::isValid);
    }
}
