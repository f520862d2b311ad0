package coop.icn.icnd.obs;

import com.codahale.metrics.MetricRegistry;
import io.opentelemetry.api.trace.SpanContext;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Latency histograms keep the sampled span that observed each bucket, and export it in OpenMetrics only. */
class BucketHistogramExemplarTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final MetricFactory factory = new MetricFactory(registry, 3);
    private final TestTracer sampling = TestTracer.sampling();
    private final TestTracer notSampling = TestTracer.notSampling();

    @AfterEach
    void closeTracers() {
        sampling.close();
        notSampling.close();
    }

    private String scrape(String contentType) throws IOException {
        CollectorRegistry collectors = new CollectorRegistry(true);
        collectors.register(new PrometheusBridge(registry));
        StringWriter out = new StringWriter();
        TextFormat.writeFormat(contentType, out, collectors.metricFamilySamples());
        return out.toString();
    }

    private OpenMetricsScrape openMetrics() throws IOException {
        return OpenMetricsScrape.parse(scrape(TextFormat.CONTENT_TYPE_OPENMETRICS_100));
    }

    private static List<OpenMetricsScrape.Sample> withExemplars(OpenMetricsScrape scrape) {
        return scrape.samples().filter(sample -> sample.exemplar() != null).toList();
    }

    private static Map<String, String> ids(SpanContext span) {
        return Map.of("trace_id", span.getTraceId(), "span_id", span.getSpanId());
    }

    @Test
    void withTracingOffTheFactoryBuildsLatencyHistogramsWithoutExemplars() throws IOException {
        BucketHistogram propagation = new MetricFactory(registry, 3, false).histogram(MetricCatalogue.GOSSIP_PROPAGATION);
        sampling.inSpan("receive", () -> propagation.observe(0.042));

        assertThat(propagation.snapshot().exemplars()).containsOnlyNulls();
        assertThat(propagation.snapshot().count()).isEqualTo(1);
        assertThat(withExemplars(openMetrics())).isEmpty();
    }

    @Test
    void aSampledSpanBecomesTheExemplarOfTheBucketItObservedInOpenMetrics() throws IOException {
        BucketHistogram propagation = factory.histogram(MetricCatalogue.GOSSIP_PROPAGATION);
        long before = System.currentTimeMillis();
        SpanContext span = sampling.inSpan("receive", () -> propagation.observe(0.042));
        long after = System.currentTimeMillis();
        propagation.observe(0.3);

        OpenMetricsScrape scrape = openMetrics();
        assertThat(scrape.allProblems()).isEmpty();
        assertThat(withExemplars(scrape)).singleElement().satisfies(bucket -> {
            assertThat(bucket.name()).isEqualTo("icn_gossip_propagation_seconds_bucket");
            assertThat(bucket.labels()).containsExactly(Map.entry("le", "0.05"));
            assertThat(bucket.exemplar().labels()).isEqualTo(ids(span));
            assertThat(bucket.exemplar().value()).isEqualTo(0.042);
            assertThat(bucket.exemplar().timestamp()).isBetween(before / 1000.0, after / 1000.0);
        });
        assertThat(scrape.text()).contains("icn_gossip_propagation_seconds_bucket{le=\"0.05\"} 1.0 # {span_id=\""
                + span.getSpanId() + "\",trace_id=\"" + span.getTraceId() + "\"} 0.042 ");
    }

    @Test
    void the004TextOfTheSameRegistryCarriesNoExemplarAndPassesPromtool() throws Exception {
        BucketHistogram commits = factory.histogram(MetricCatalogue.STORE_COMMIT_DURATION);
        SpanContext span = sampling.inSpan("commit", () -> commits.observe(0.004));
        assertThat(withExemplars(openMetrics())).hasSize(1);

        String text = scrape(TextFormat.CONTENT_TYPE_004);
        assertThat(text).contains("icn_store_commit_duration_seconds_bucket{le=\"0.005\",} 1.0\n")
                .doesNotContain(span.getTraceId()).doesNotContain(" # ");
        assertThat(Promtool.checkMetrics(text)).isEmpty();
    }

    /**
     * Why the lint runs on the 0.0.4 text: promtool 2.42 parses only that format, and stops at
     * the first exemplar of an OpenMetrics text. OpenMetricsScrape and Prometheus check that one.
     */
    @Test
    void promtoolCannotParseTheOpenMetricsExemplarLine() throws Exception {
        BucketHistogram commits = factory.histogram(MetricCatalogue.STORE_COMMIT_DURATION);
        sampling.inSpan("commit", () -> commits.observe(0.004));
        String text = scrape(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
        List<String> lines = text.lines().toList();
        int exemplarLine = lines.indexOf(lines.stream().filter(line -> line.contains(" # {")).findFirst().orElseThrow()) + 1;

        assertThat(Promtool.checkMetrics(text)).containsExactly("error while linting: text format parsing error in line "
                + exemplarLine + ": expected integer as timestamp, got \"#\"");
    }

    @Test
    void anUnsampledSpanOrNoSpanLeavesNoExemplar() throws IOException {
        BucketHistogram rtt = factory.histogram(MetricCatalogue.NETWORK_RTT);
        SpanContext unsampled = notSampling.inSpan("ping", () -> rtt.observe(0.002));
        rtt.observe(0.002);

        assertThat(unsampled.isValid()).isTrue();
        assertThat(unsampled.isSampled()).isFalse();
        assertThat(rtt.snapshot().count()).isEqualTo(2);
        assertThat(withExemplars(openMetrics())).isEmpty();
    }

    @Test
    void aHistogramOutsideTheLatencySetIgnoresEvenASampledSpan() throws IOException {
        BucketHistogram amounts = factory.histogram(MetricCatalogue.LEDGER_TRANSACTION_AMOUNT);
        sampling.inSpan("apply", () -> amounts.observe(5));

        assertThat(amounts.snapshot().count()).isEqualTo(1);
        assertThat(withExemplars(openMetrics())).isEmpty();
    }

    @Test
    void aBucketTakesANewExemplarOnlyOnceASnapshotHasReadItsLast() {
        BucketHistogram histogram = BucketHistogram.withExemplars(new double[] {1, 10});
        SpanContext first = sampling.inSpan("first", () -> histogram.observe(0.5));
        sampling.inSpan("unread", () -> histogram.observe(0.7));
        // another bucket is limited on its own: its first exemplar lands at once
        SpanContext other = sampling.inSpan("other", () -> histogram.observe(5));

        BucketHistogram.Snapshot scraped = histogram.snapshot();
        assertThat(scraped.exemplar(0)).hasValueSatisfying(e -> assertThat(e.spanId()).isEqualTo(first.getSpanId()));
        assertThat(scraped.exemplar(1)).hasValueSatisfying(e -> assertThat(e.spanId()).isEqualTo(other.getSpanId()));
        assertThat(scraped.exemplar(2)).isEmpty();

        // read: the next sampled observation replaces it, and only that one until the next read
        notSampling.inSpan("unsampled", () -> histogram.observe(0.8));
        SpanContext next = sampling.inSpan("next", () -> histogram.observe(0.9));
        sampling.inSpan("too soon", () -> histogram.observe(0.95));
        assertThat(histogram.snapshot().exemplar(0)).hasValueSatisfying(e -> {
            assertThat(e.spanId()).isEqualTo(next.getSpanId());
            assertThat(e.traceId()).isEqualTo(next.getTraceId());
            assertThat(e.value()).isEqualTo(0.9);
        });
        // unread since its last snapshot, an exemplar is exported again as it is
        assertThat(histogram.snapshot().exemplar(1)).hasValueSatisfying(e -> assertThat(e.spanId()).isEqualTo(other.getSpanId()));
        assertThat(histogram.snapshot().count()).isEqualTo(6);
    }

    @Test
    void threadsObservingInTheirOwnSpansAreAllCountedAndOneOfThemIsTheExemplar() throws Exception {
        BucketHistogram commits = factory.histogram(MetricCatalogue.STORE_COMMIT_DURATION);
        int threads = 2;
        int observations = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<SpanContext>> spans = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                spans.add(pool.submit(() -> sampling.inSpan("worker", () -> {
                    for (int i = 0; i < observations; i++) {
                        commits.observe(0.02);
                    }
                })));
            }
            List<Map<String, String>> candidates = new ArrayList<>();
            for (Future<SpanContext> span : spans) {
                candidates.add(ids(span.get()));
            }

            BucketHistogram.Snapshot snapshot = commits.snapshot();
            assertThat(snapshot.count()).isEqualTo((long) threads * observations);
            BucketHistogram.Exemplar exemplar = snapshot.exemplar(5).orElseThrow();
            assertThat(candidates).contains(Map.of("trace_id", exemplar.traceId(), "span_id", exemplar.spanId()));
            assertThat(snapshot.exemplars()).filteredOn(e -> e != null).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
