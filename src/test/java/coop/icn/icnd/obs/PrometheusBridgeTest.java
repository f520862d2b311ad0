package coop.icn.icnd.obs;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusBridgeTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final MetricFactory factory = new MetricFactory(registry, 3);

    private Scrape scrape() throws IOException {
        CollectorRegistry collectors = new CollectorRegistry(true);
        collectors.register(new PrometheusBridge(registry));
        StringWriter out = new StringWriter();
        TextFormat.write004(out, collectors.metricFamilySamples());
        return Scrape.parse(out.toString());
    }

    @Test
    void countersAreTypedCounterWithCatalogueHelp() throws IOException {
        Counter sent = factory.counter(MetricCatalogue.NETWORK_MESSAGES_SENT);
        sent.inc(7);

        Scrape.Family family = scrape().family("icn_network_messages_sent_total").orElseThrow();
        assertThat(family.type()).isEqualTo("counter");
        assertThat(family.help()).isEqualTo(MetricCatalogue.NETWORK_MESSAGES_SENT.help());
        assertThat(family.samples()).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(7.0));
    }

    @Test
    void seedGaugesKeepTheirNamesAndGaugeType() throws IOException {
        factory.settableGauge(MetricCatalogue.GOSSIP_TOPICS).setValue(4.0);

        Scrape.Family family = scrape().family("icn_gossip_topics_total").orElseThrow();
        assertThat(family.type()).isEqualTo("gauge");
        assertThat(family.samples().get(0).value()).isEqualTo(4.0);
    }

    @Test
    void everyDistinctTopicKeepsItsOwnSeries() throws IOException {
        MetricFactory roomy = new MetricFactory(registry, 10);
        Labelled<com.codahale.metrics.DefaultSettableGauge<Double>> entries =
                roomy.settableGaugeByData(MetricCatalogue.GOSSIP_TOPIC_ENTRIES);
        String[] topics = {"a.b:x", "a_b:x", "a%2Eb:x", "a%b.c:x"};
        for (int i = 0; i < topics.length; i++) {
            entries.labels(topics[i]).setValue((double) (i + 1));
        }

        Scrape scrape = scrape();
        for (int i = 0; i < topics.length; i++) {
            assertThat(scrape.value("icn_gossip_topic_entries", "topic", topics[i])).as(topics[i]).isEqualTo(i + 1.0);
        }
        // and the fold child, there from the start
        assertThat(scrape.family("icn_gossip_topic_entries").orElseThrow().samples()).hasSize(topics.length + 1);
    }

    @Test
    void labelledChildrenBecomeLabelsOfOneFamily() throws IOException {
        Labelled<Counter> restarts = factory.labelledCounter(MetricCatalogue.SYSTEM_ACTOR_RESTARTS);
        restarts.labels("gossip").inc();
        restarts.labels("anti-entropy").inc(2);

        Scrape scrape = scrape();
        assertThat(scrape.family("icn_system_actor_restarts_total").orElseThrow().type()).isEqualTo("counter");
        assertThat(scrape.value("icn_system_actor_restarts_total", "actor", "gossip")).isEqualTo(1.0);
        assertThat(scrape.value("icn_system_actor_restarts_total", "actor", "anti-entropy")).isEqualTo(2.0);
    }

    @Test
    void labelValuesBeyondTheCapFoldIntoOther() throws IOException {
        Labelled<Counter> rejected = factory.labelledCounter(MetricCatalogue.SYSTEM_ACTOR_MAILBOX_REJECTED);
        for (String actor : new String[] {"a", "b", "c", "d", "e"}) {
            rejected.labels(actor).inc();
        }
        rejected.labels("a").inc();

        Scrape.Family family = scrape().family("icn_system_actor_mailbox_rejected_total").orElseThrow();
        // cap 3: a, b, c keep their own series; d and e share "other"
        assertThat(family.samples()).hasSize(4);
        Scrape scrape = scrape();
        assertThat(scrape.value("icn_system_actor_mailbox_rejected_total", "actor", "a")).isEqualTo(2.0);
        assertThat(scrape.value("icn_system_actor_mailbox_rejected_total", "actor", Labelled.OTHER)).isEqualTo(2.0);
    }

    @Test
    void dotsInLabelValuesSurviveTheMappingUnchanged() throws IOException {
        factory.labelledCounter(MetricCatalogue.SYSTEM_ACTOR_RESTARTS).labels("net.v2").inc();

        assertThat(scrape().value("icn_system_actor_restarts_total", "actor", "net.v2")).isEqualTo(1.0);
    }

    @Test
    void histogramsExportCumulativeBucketsSumAndCount() throws IOException {
        BucketHistogram amounts = factory.histogram(MetricCatalogue.LEDGER_TRANSACTION_AMOUNT);
        amounts.observe(1);      // le=1 (bounds are inclusive)
        amounts.observe(5);      // le=10
        amounts.observe(250);    // le=1000
        amounts.observe(5e9);    // +Inf only

        Scrape scrape = scrape();
        assertThat(scrape.family("icn_ledger_transaction_amount").orElseThrow().type()).isEqualTo("histogram");
        assertThat(scrape.value("icn_ledger_transaction_amount_bucket", "le", "1.0")).isEqualTo(1.0);
        assertThat(scrape.value("icn_ledger_transaction_amount_bucket", "le", "10.0")).isEqualTo(2.0);
        assertThat(scrape.value("icn_ledger_transaction_amount_bucket", "le", "100.0")).isEqualTo(2.0);
        assertThat(scrape.value("icn_ledger_transaction_amount_bucket", "le", "1000.0")).isEqualTo(3.0);
        assertThat(scrape.value("icn_ledger_transaction_amount_bucket", "le", "1e+09")).isEqualTo(3.0);
        assertThat(scrape.value("icn_ledger_transaction_amount_bucket", "le", "+Inf")).isEqualTo(4.0);
        assertThat(scrape.value("icn_ledger_transaction_amount_count")).isEqualTo(4.0);
        assertThat(scrape.value("icn_ledger_transaction_amount_sum")).isEqualTo(1 + 5 + 250 + 5e9);
    }

    @Test
    void bucketBoundsAreWrittenAsOpenMetricsCanonicalNumbers() {
        assertThat(PrometheusBridge.canonical(0.0005)).isEqualTo("0.0005");
        assertThat(PrometheusBridge.canonical(0.001)).isEqualTo("0.001");
        assertThat(PrometheusBridge.canonical(0.00001)).isEqualTo("1e-05");
        assertThat(PrometheusBridge.canonical(0)).isEqualTo("0.0");
        assertThat(PrometheusBridge.canonical(1)).isEqualTo("1.0");
        assertThat(PrometheusBridge.canonical(2.5)).isEqualTo("2.5");
        assertThat(PrometheusBridge.canonical(100_000)).isEqualTo("100000.0");
        assertThat(PrometheusBridge.canonical(262_144)).isEqualTo("262144.0");
        assertThat(PrometheusBridge.canonical(1_000_000)).isEqualTo("1e+06");
        assertThat(PrometheusBridge.canonical(16_777_216)).isEqualTo("1.6777216e+07");
        assertThat(PrometheusBridge.canonical(1e9)).isEqualTo("1e+09");
        assertThat(PrometheusBridge.canonical(-2.5e-7)).isEqualTo("-2.5e-07");
        assertThat(PrometheusBridge.canonical(1.1e23)).isEqualTo("1.1e+23");
    }

    @Test
    void dropwizardsOwnMetricsAreNotExported() throws IOException {
        registry.counter("jvm.threads.count").inc();
        registry.meter("io.dropwizard.jetty.requests").mark();

        assertThat(scrape().families()).isEmpty();
    }

    @Test
    void theFactoryRefusesAMetricOfTheWrongTypeOrLabels() {
        assertThatThrownBy(() -> factory.counter(MetricCatalogue.GOSSIP_TOPICS))
                .hasMessageContaining("GAUGE");
        assertThatThrownBy(() -> factory.counter(MetricCatalogue.SYSTEM_ACTOR_RESTARTS))
                .hasMessageContaining("labelled");
        assertThatThrownBy(() -> factory.labelledCounter(MetricCatalogue.SYSTEM_ACTOR_RESTARTS).labels("a", "b"))
                .hasMessageContaining("takes labels");
    }
}
