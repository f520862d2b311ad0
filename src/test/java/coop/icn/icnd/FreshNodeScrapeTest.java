package coop.icn.icnd;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.BuildInfo;
import coop.icn.icnd.gossip.RejectReason;
import coop.icn.icnd.ledger.LedgerVerdict;
import coop.icn.icnd.net.Direction;
import coop.icn.icnd.net.MessageType;
import coop.icn.icnd.net.NetworkError;
import coop.icn.icnd.obs.LabelValue;
import coop.icn.icnd.obs.Labelled;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.Scrape;
import coop.icn.icnd.rpc.RpcRoute;
import coop.icn.icnd.rpc.RpcStatus;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that has done nothing yet already exports every catalogued family, and every label
 * value known in advance at 0: a series that appears only with its first event breaks
 * {@code rate()}, {@code absent()} and dashboards ("No data"). The expected values come from
 * the catalogue and the enums, so a new metric or value is covered without touching this test.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class FreshNodeScrapeTest {
    static final DropwizardAppExtension<IcndConfiguration> APP = TestNodes.node(TestNodes.tempDataDir());

    /** The known values of each label of each labelled metric, in the catalogue's label order. */
    private static Map<MetricCatalogue, List<Set<String>>> knownValues(Set<String> actors) {
        Set<String> clientStatuses = labels(Arrays.stream(RpcStatus.values()).filter(RpcStatus::isClientError));
        Set<String> countedVerdicts = labels(Arrays.stream(LedgerVerdict.values()).filter(LedgerVerdict::isCounted));
        Map<MetricCatalogue, List<Set<String>>> known = new EnumMap<>(MetricCatalogue.class);
        BuildInfo build = BuildInfo.current();
        known.put(MetricCatalogue.SYSTEM_BUILD_INFO, List.of(Set.of(build.version()), Set.of(build.revision())));
        known.put(MetricCatalogue.SYSTEM_ACTOR_RESTARTS, List.of(actors));
        known.put(MetricCatalogue.SYSTEM_ACTOR_MAILBOX_DEPTH, List.of(actors));
        known.put(MetricCatalogue.SYSTEM_ACTOR_MAILBOX_REJECTED, List.of(actors));
        known.put(MetricCatalogue.NETWORK_MESSAGES_SENT_BY_TYPE, List.of(labels(MessageType.values())));
        known.put(MetricCatalogue.NETWORK_MESSAGES_RECEIVED_BY_TYPE, List.of(labels(MessageType.values())));
        known.put(MetricCatalogue.NETWORK_MESSAGE_SIZE, List.of(labels(Direction.values())));
        known.put(MetricCatalogue.NETWORK_ERRORS, List.of(labels(NetworkError.values())));
        known.put(MetricCatalogue.RPC_REQUESTS, List.of(labels(RpcRoute.values()), labels(RpcStatus.values())));
        known.put(MetricCatalogue.RPC_REQUEST_DURATION, List.of(labels(RpcRoute.values())));
        known.put(MetricCatalogue.RPC_CLIENT_ERRORS, List.of(clientStatuses));
        known.put(MetricCatalogue.GOSSIP_REJECTED, List.of(labels(RejectReason.values())));
        known.put(MetricCatalogue.LEDGER_REJECTED, List.of(countedVerdicts));
        // topics are data: none is known in advance, only the value they fold into
        // values that are data (topics, peers' DIDs): only the fold child is known up front
        for (MetricCatalogue data : new MetricCatalogue[] {MetricCatalogue.GOSSIP_TOPIC_ENTRIES,
            MetricCatalogue.GOSSIP_TOPIC_ENTRIES_PUBLISHED, MetricCatalogue.GOSSIP_TOPIC_ENTRIES_RECEIVED,
            MetricCatalogue.NETWORK_PEER_BYTES_SENT, MetricCatalogue.NETWORK_PEER_BYTES_RECEIVED,
            MetricCatalogue.NETWORK_PEER_MESSAGES_SENT, MetricCatalogue.NETWORK_PEER_MESSAGES_RECEIVED,
            MetricCatalogue.NETWORK_PEER_RTT}) {
            known.put(data, List.of(Set.of(Labelled.OTHER)));
        }
        return known;
    }

    @Test
    void theFirstScrapeHoldsEveryFamilyAndEveryKnownLabelValue() {
        Scrape first = TestNodes.metrics(APP);

        Set<String> actors = APP.<IcndApplication>getApplication().supervisor().components().stream()
                .filter(component -> component instanceof Actor).map(component -> component.name())
                .collect(Collectors.toSet());
        assertThat(actors).isNotEmpty();
        Map<MetricCatalogue, List<Set<String>>> known = knownValues(actors);
        for (MetricCatalogue metric : MetricCatalogue.values()) {
            Scrape.Family family = first.family(metric.metricName())
                    .orElseThrow(() -> new AssertionError(metric.metricName() + " is not in the first scrape"));
            assertThat(family.samples()).as(metric.metricName()).isNotEmpty();
            if (metric.labelNames().isEmpty()) {
                continue;
            }
            assertThat(known).as("known values of " + metric.metricName() + "'s labels " + metric.labelNames()
                    + ": add them to this test").containsKey(metric);
            assertThat(tuples(family, metric.labelNames())).as(metric.metricName())
                    .containsExactlyInAnyOrderElementsOf(product(known.get(metric)));
        }
    }

    private static Set<String> labels(LabelValue[] values) {
        return labels(Arrays.stream(values));
    }

    private static Set<String> labels(Stream<? extends LabelValue> values) {
        return values.map(LabelValue::label).collect(Collectors.toSet());
    }

    /** The distinct label-value tuples of a family's samples (a histogram's le aside). */
    private static Set<List<String>> tuples(Scrape.Family family, List<String> labelNames) {
        Set<List<String>> tuples = new HashSet<>();
        for (Scrape.Sample sample : family.samples()) {
            tuples.add(labelNames.stream().map(name -> sample.labels().get(name)).toList());
        }
        return tuples;
    }

    private static Set<List<String>> product(List<Set<String>> perLabel) {
        Set<List<String>> tuples = Set.of(List.of());
        for (Set<String> values : perLabel) {
            Set<List<String>> longer = new HashSet<>();
            for (List<String> prefix : tuples) {
                for (String value : values) {
                    List<String> tuple = new ArrayList<>(prefix);
                    tuple.add(value);
                    longer.add(tuple);
                }
            }
            tuples = longer;
        }
        return tuples;
    }
}
