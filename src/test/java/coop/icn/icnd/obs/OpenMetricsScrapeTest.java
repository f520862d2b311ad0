package coop.icn.icnd.obs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule checks of {@link OpenMetricsScrape} find what breaks each rule, and pass a valid exposition. */
class OpenMetricsScrapeTest {
    private static final String TRACE = "trace_id=\"0af7651916cd43dd8448eb211c80319c\"";
    private static final String VALID = String.join("\n",
            "# TYPE icn_x counter",
            "# HELP icn_x Things.",
            "icn_x_total 3.0",
            "# TYPE icn_h_seconds histogram",
            "# HELP icn_h_seconds Latency.",
            "icn_h_seconds_bucket{le=\"0.0005\"} 0.0",
            "icn_h_seconds_bucket{le=\"0.1\"} 2.0 # {span_id=\"b7ad6b7169203331\"," + TRACE + "} 0.05 1700000000.123",
            "icn_h_seconds_bucket{le=\"1e+06\"} 2.0",
            "icn_h_seconds_bucket{le=\"+Inf\"} 3.0",
            "icn_h_seconds_sum 1e7",
            "icn_h_seconds_count 3.0",
            "# TYPE jvm info",
            "# HELP jvm VM version info",
            "jvm_info{version=\"17\"} 1.0",
            "# EOF",
            "");

    private static String replace(String from, String to) {
        assertThat(VALID).contains(from);
        return VALID.replace(from, to);
    }

    @Test
    void aValidExpositionHasNoProblems() {
        OpenMetricsScrape scrape = OpenMetricsScrape.parse(VALID);

        assertThat(scrape.allProblems()).isEmpty();
        assertThat(scrape.families()).extracting(OpenMetricsScrape.Family::name).containsExactly("icn_x", "icn_h_seconds", "jvm");
        assertThat(scrape.samples().filter(s -> s.exemplar() != null)).singleElement()
                .satisfies(s -> assertThat(s.exemplar().timestamp()).isEqualTo(1700000000.123));
    }

    @Test
    void syntaxFindsForeignLinesMissingMetadataAndInterleavedFamilies() {
        assertThat(OpenMetricsScrape.parse(replace("icn_x_total 3.0", "icn_x_total{a=\"b\",} 3.0")).syntaxProblems())
                .singleElement().asString().contains("not an OpenMetrics line");
        assertThat(OpenMetricsScrape.parse(replace("# HELP icn_x Things.\n", "")).syntaxProblems())
                .containsExactly("family icn_x has no HELP");
        assertThat(OpenMetricsScrape.parse(replace("# TYPE icn_x counter\n", "")).syntaxProblems())
                .anyMatch(problem -> problem.contains("outside its family"));
        assertThat(OpenMetricsScrape.parse(replace("# EOF", "# TYPE icn_x counter\n# HELP icn_x Again.\n# EOF"))
                .syntaxProblems()).anyMatch(problem -> problem.contains("appears twice"));
        assertThat(OpenMetricsScrape.parse(replace("icn_x_total 3.0", "icn_x_total 3.0\n# HELP icn_x Late.")).syntaxProblems())
                .anyMatch(problem -> problem.contains("after its samples"));
        assertThat(OpenMetricsScrape.parse(replace("# TYPE icn_x counter", "# TYPE icn_x counter\n# UNIT icn_x seconds"))
                .syntaxProblems()).anyMatch(problem -> problem.contains("does not end in its unit"));
    }

    @Test
    void eofMustEndTheExpositionAndOnlyThere() {
        assertThat(OpenMetricsScrape.parse(replace("# EOF\n", "")).eofProblems())
                .containsExactly("the exposition does not end with # EOF");
        assertThat(OpenMetricsScrape.parse(replace("icn_x_total 3.0\n", "icn_x_total 3.0\n# EOF\n")).eofProblems())
                .containsExactly("# EOF before the end");
        assertThat(OpenMetricsScrape.parse(replace("icn_x_total 3.0\n", "icn_x_total 3.0\n\n")).eofProblems())
                .containsExactly("an empty line");
    }

    @Test
    void counterFamiliesMustNotEndInTotalAndTheirSamplesMust() {
        assertThat(OpenMetricsScrape.parse(VALID.replace("icn_x", "icn_x_total")).counterProblems())
                .containsExactly("counter family icn_x_total ends in _total");
        assertThat(OpenMetricsScrape.parse(VALID.replace("# TYPE icn_x counter\n# HELP icn_x Things.\nicn_x_total",
                "# TYPE icn_x counter\n# HELP icn_x Things.\nicn_x")).counterProblems())
                .containsExactly("counter sample icn_x is not icn_x_total");
    }

    @Test
    void histogramsMustAscendCumulateEndInInfCountTheInfBucketAndWriteLeCanonically() {
        assertThat(OpenMetricsScrape.parse(replace("le=\"1e+06\"} 2.0", "le=\"1e+06\"} 1.0")).histogramProblems())
                .singleElement().asString().contains("not cumulative");
        assertThat(OpenMetricsScrape.parse(replace("le=\"0.0005\"", "le=\"5.0\"")).histogramProblems())
                .singleElement().asString().contains("not ascending");
        assertThat(OpenMetricsScrape.parse(replace("icn_h_seconds_count 3.0", "icn_h_seconds_count 4.0")).histogramProblems())
                .singleElement().asString().contains("is not the +Inf bucket");
        assertThat(OpenMetricsScrape.parse(replace("icn_h_seconds_bucket{le=\"+Inf\"} 3.0\n", "")).histogramProblems())
                .anyMatch(problem -> problem.contains("no +Inf bucket"));
        assertThat(OpenMetricsScrape.parse(replace("icn_h_seconds_sum 1e7\n", "")).histogramProblems())
                .singleElement().asString().contains("no _sum");
        for (String small : new String[] {"5.0E-4", "0.00050", "5e-04", "0.00001"}) {
            assertThat(OpenMetricsScrape.parse(replace("le=\"0.0005\"", "le=\"" + small + "\"")).histogramProblems())
                    .as(small).singleElement().asString().contains("not a canonical number");
        }
        for (String large : new String[] {"1000000.0", "1.0E6", "1e+6", "1.0e+06"}) {
            assertThat(OpenMetricsScrape.parse(replace("le=\"1e+06\"", "le=\"" + large + "\"")).histogramProblems())
                    .as(large).singleElement().asString().contains("not a canonical number");
        }
    }

    @Test
    void exemplarsBelongOnBucketsWithinTheirBoundsAndShortLabels() {
        assertThat(OpenMetricsScrape.parse(replace("jvm_info{version=\"17\"} 1.0", "jvm_info{version=\"17\"} 1.0 # {" + TRACE + "} 1.0"))
                .exemplarProblems()).singleElement().asString().contains("exemplar on jvm_info");
        assertThat(OpenMetricsScrape.parse(replace("} 0.05 1700000000.123", "} 0.5 1700000000.123")).exemplarProblems())
                .singleElement().asString().contains("outside its bucket");
        assertThat(OpenMetricsScrape.parse(replace("} 0.05 1700000000.123", "} 0.0001 1700000000.123")).exemplarProblems())
                .singleElement().asString().contains("outside its bucket");
        String longLabel = "span_id=\"" + "b".repeat(120) + "\"";
        assertThat(OpenMetricsScrape.parse(replace("span_id=\"b7ad6b7169203331\"", longLabel)).exemplarProblems())
                .singleElement().asString().contains("exemplar labels of");
    }
}
