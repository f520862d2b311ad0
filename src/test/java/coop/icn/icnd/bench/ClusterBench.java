package coop.icn.icnd.bench;

import com.fasterxml.jackson.databind.JsonNode;
import coop.icn.icnd.NodeProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The throughput of a three-node cluster (a–b, a–c) of real nodes from {@code target/icnd.jar},
 * next to the Ed25519 floor measured in this JVM in the same run: entries held by all three and
 * transfers applied on all three (batch routes, concurrent clients), CPU per replicated entry
 * summed over the three JVMs (also by thread role), and a lone node's single-entry publish rate.
 * With {@code --tracing}, the replicated entries and their CPU once per tracing setting, and with
 * {@code --compare base.jar}, once for the base build and once for this one: each on freshly
 * started nodes, the rounds in turns.
 * Each figure: a warm-up round, discarded, then min / median / max of the measured rounds.
 * Run after {@code mvn package}: {@code scripts/cluster-bench.sh}.
 */
public final class ClusterBench {
    /** Progress, each round as it ends (logback-test.xml shows this logger at INFO); the report itself goes to stdout. */
    private static final Logger LOG = LoggerFactory.getLogger(ClusterBench.class);
    private static final String CURRENCY = "HOUR";

    private final ClusterBenchOptions options;
    private final Path dir;
    private final ProcessCpu cpu = ProcessCpu.ofThisMachine();
    private final BenchRpc rpc = new BenchRpc();
    private final EntryPublisher publisher;
    private final List<BenchCluster> clusters = new CopyOnWriteArrayList<>();
    private final List<String> report = new ArrayList<>();
    private int topics;

    record RateRound(long items, double seconds) {
        double rate() {
            return items / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d in %.2f s: %,.0f /s", items, seconds, rate());
        }
    }

    private ClusterBench(ClusterBenchOptions options, Path dir) {
        this.options = options;
        this.dir = dir;
        this.publisher = new EntryPublisher(rpc, options.size(), options.batch());
    }

    public static void main(String[] args) throws Exception {
        ClusterBenchOptions options;
        try {
            options = ClusterBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path dir = Files.createTempDirectory("icnd-cluster-bench-");
        ClusterBench bench = new ClusterBench(options, dir);
        Thread stopOnExit = new Thread(bench::stopNodes);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        boolean done = false;
        try {
            bench.run();
            done = true;
        } finally {
            bench.stopNodes();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
            if (done) {
                delete(dir);
            } else {
                LOG.warn("node directories and logs kept in {}", dir);
            }
        }
    }

    private void run() throws Exception {
        String setup = String.format(Locale.ROOT, "%s, %d-byte entries, %d cores, load average %s at the start; each"
                        + " figure min / median / max of %d rounds of %d s after a warm-up round of %d s", jar(), options.size(),
                Runtime.getRuntime().availableProcessors(), loadAverage(), options.rounds(), options.roundMillis() / 1000,
                options.warmUpMillis() / 1000);
        LOG.info("cluster-bench: {}", setup);
        report.add(setup);
        double floor = signatureFloor();
        if (!options.tracing().isEmpty()) {
            tracingCost(floor);
        } else if (options.compareWith() != null) {
            compare(floor);
        } else {
            everything(floor);
        }
        // the report is this command's output; progress went to the log
        System.out.printf("%n== cluster-bench report (load average at the end %s) ==%n%s%n", loadAverage(),
                String.join(System.lineSeparator(), report));
    }

    private double signatureFloor() throws Exception {
        SignatureFloor signatures = new SignatureFloor();
        List<SignatureFloor.Round> rounds = rounds("Ed25519", 1000, 700, signatures::measure);
        Summary sign = Summary.of(rounds.stream().map(SignatureFloor.Round::signMicros).toList());
        Summary verify = Summary.of(rounds.stream().map(SignatureFloor.Round::verifyMicros).toList());
        Summary floor = Summary.of(rounds.stream().map(SignatureFloor.Round::entriesPerSecond).toList());
        report.add("Ed25519 in this JVM, one thread, NodeIdentity.sign / verify of a 32-byte hash: sign "
                + sign.format(1) + " µs, verify " + verify.format(1) + " µs");
        report.add("  floor = 1 / (sign + 2 verifies): " + floor.format(0) + " replicated entries/s");
        return floor.median();
    }

    private void everything(double floor) throws Exception {
        BenchCluster cluster = open("cluster", UnaryOperator.identity());
        cluster.startPublisher();
        lonePublish(cluster.a(), floor);
        cluster.startReplicas();
        ReplicationRound.Summarised replication = replicate(cluster);
        report.add(String.format(Locale.ROOT, "entries held by all three (%s): %s entries/s   %.3fx the floor",
                how(replication.probe(), "POST /v1/topics/{topic}/entries/batch", replication.clients()),
                replication.rate().format(0), replication.rate().median() / floor));
        double[] perNode = replication.cpuMedianPerNode();
        report.add(String.format(Locale.ROOT, "CPU seconds per 1,000 replicated entries, a + b + c: %s   (medians: a %.2f,"
                + " b %.2f, c %.2f; cores busy %s of %d)", replication.cpuMillisPerEntry().format(2), perNode[0], perNode[1],
                perNode[2], replication.cores().format(2), Runtime.getRuntime().availableProcessors()));
        report.add("  without the JIT compiler's threads: " + replication.withoutJit().format(2));
        report.add("  by thread, ms per entry (medians): " + replication.byRole());
        double[] perCommit = replication.entriesPerCommit();
        report.add(String.format(Locale.ROOT, "  entries per commit (medians): a %.1f, b %.1f, c %.1f",
                perCommit[0], perCommit[1], perCommit[2]));
        transfers(cluster, floor);
        cluster.close();
    }

    private void lonePublish(NodeProcess a, double floor) throws Exception {
        List<RateRound> rounds = rounds("lone a, single-entry publish", options.warmUpMillis(), options.roundMillis(), millis -> {
            String topic = nextTopic("solo");
            long start = System.nanoTime();
            long published = ClientLoad.run(options.singleClients(), millis,
                    client -> publisher.publish(Route.SINGLE, a, topic));
            return new RateRound(published, (System.nanoTime() - start) / 1e9);
        });
        Summary rate = Summary.of(rounds.stream().map(RateRound::rate).toList());
        report.add(String.format(Locale.ROOT, "lone node a, single-entry publish (%d clients, one POST per entry):"
                + " %s entries/s   %.3fx the floor", options.singleClients(), rate.format(0), rate.median() / floor));
    }

    private ReplicationRound.Summarised replicate(BenchCluster cluster) throws Exception {
        Route.Probe probe = publisher.probe(cluster.a(), nextTopic("bench"));
        return summarise(probe, rounds("replicated entries", options.warmUpMillis(), options.roundMillis(),
                millis -> replicationRound(cluster, probe.route(), millis)));
    }

    /** Publishes on a for {@code millis}, on a new topic, and waits until b and c hold it all. */
    private ReplicationRound replicationRound(BenchCluster cluster, Route route, long millis) throws Exception {
        String topic = nextTopic("bench");
        List<ProcessCpu.Sample> before = cluster.cpuSamples();
        long[] commitsBefore = cluster.commits();
        long start = System.nanoTime();
        long published = ClientLoad.run(clients(route), millis,
                client -> publisher.publish(route, cluster.a(), topic));
        long held = cluster.awaitHeld(topic, published);
        List<ProcessCpu.Sample> after = cluster.cpuSamples();
        long[] commitsAfter = cluster.commits();
        double[] used = IntStream.range(0, after.size()).mapToDouble(i -> after.get(i).total() - before.get(i).total()).toArray();
        Map<ThreadRole, Double> byRole = new EnumMap<>(ThreadRole.class);
        for (int i = 0; i < after.size(); i++) {
            after.get(i).since(before.get(i)).forEach((role, seconds) -> byRole.merge(role, seconds, Double::sum));
        }
        long[] commits = IntStream.range(0, commitsAfter.length).mapToLong(i -> commitsAfter[i] - commitsBefore[i]).toArray();
        return new ReplicationRound(published, (held - start) / 1e9, used, byRole, commits);
    }

    private ReplicationRound.Summarised summarise(Route.Probe probe, List<ReplicationRound> rounds) {
        return ReplicationRound.Summarised.of(probe, clients(probe.route()), rounds);
    }

    private void transfers(BenchCluster cluster, double floor) throws Exception {
        NodeProcess a = cluster.a();
        BenchRpc.expect(rpc.post(a, "/v1/ledger/currencies", "application/json", ("{\"symbol\":\"" + CURRENCY
                + "\",\"decimals\":0,\"creditLimit\":1000000000000000}").getBytes(StandardCharsets.UTF_8)), 201);
        await().atMost(1, TimeUnit.MINUTES).pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> knowsCurrency(cluster.b()) && knowsCurrency(cluster.c()));
        TransferPayer payer = new TransferPayer(rpc, CURRENCY, List.of(cluster.b().did(), cluster.c().did()), options.batch());
        Route.Probe probe = payer.probe(a);
        int clients = clients(probe.route());
        List<RateRound> rounds = rounds("transfers", options.warmUpMillis(), options.roundMillis(), millis -> {
            double before = a.metrics().value("icn_ledger_transactions_total");
            cluster.awaitApplied(before);
            long start = System.nanoTime();
            long paid = ClientLoad.run(clients, millis, client -> payer.pay(probe.route(), a, client));
            long applied = cluster.awaitApplied(before + paid);
            return new RateRound(paid, (applied - start) / 1e9);
        });
        Summary rate = Summary.of(rounds.stream().map(RateRound::rate).toList());
        report.add(String.format(Locale.ROOT, "transfers applied on all three (%s): %s transfers/s   %.3fx the floor",
                how(probe, "POST /v1/ledger/transfers/batch", clients), rate.format(0), rate.median() / floor));
    }

    /** One way of running the three nodes, measured in turns with the others: a tracing setting, or a jar. */
    private record Variant(String label, UnaryOperator<NodeProcess> configure) {
    }

    private void tracingCost(double floor) throws Exception {
        List<ClusterBenchOptions.TracingSetting> settings = options.tracing();
        List<TraceSink> sinks = new ArrayList<>();
        try {
            List<Variant> variants = new ArrayList<>();
            for (ClusterBenchOptions.TracingSetting setting : settings) {
                TraceSink sink = new TraceSink();
                sinks.add(sink);
                variants.add(new Variant(setting.label(), node -> setting.enabled()
                        ? node.tracing("enabled", "true").tracing("exporter", "otlp").tracing("endpoint", sink.endpoint())
                        .tracing("samplingRatio", Double.toString(setting.ratio()))
                        : node));
            }
            int base = IntStream.range(0, settings.size()).filter(i -> !settings.get(i).enabled()).findFirst().orElse(0);
            // the clusters are closed before the sinks' counts are read: closing flushes the spans still queued
            List<ReplicationRound.Summarised> results = inTurns(variants);
            report.add("tracing cost: replicated entries, OTLP exported to a local sink that discards");
            reportTurns(variants, results, base, floor, i -> String.format(Locale.ROOT, "%,d requests, %,d KiB",
                    sinks.get(i).requests(), sinks.get(i).bytes() / 1024));
        } finally {
            sinks.forEach(TraceSink::close);
        }
    }

    private void compare(double floor) throws Exception {
        Path base = options.compareWith();
        List<Variant> variants = List.of(new Variant("base", node -> node.jar(base)), new Variant("this", node -> node));
        List<ReplicationRound.Summarised> results = inTurns(variants);
        report.add("replicated entries: base " + base + " against this build " + jar());
        reportTurns(variants, results, 0, floor, i -> results.get(i).byRole());
    }

    /**
     * Every variant's cluster is started first, then the rounds take turns (a warm-up round of
     * each, then round 1 of each, …, the order rotated per round): the load other work puts on
     * a shared machine drifts, and taking turns spreads the drift over all variants instead of
     * favouring the last one. The clusters are closed when this returns.
     */
    private List<ReplicationRound.Summarised> inTurns(List<Variant> variants) throws Exception {
        List<BenchCluster> sweep = new ArrayList<>();
        List<Route.Probe> probes = new ArrayList<>();
        List<List<ReplicationRound>> rounds = new ArrayList<>();
        try {
            for (Variant variant : variants) {
                BenchCluster cluster = open("variant-" + sweep.size(), variant.configure());
                sweep.add(cluster);
                cluster.startPublisher();
                cluster.startReplicas();
                probes.add(publisher.probe(cluster.a(), nextTopic("bench")));
                rounds.add(new ArrayList<>());
            }
            for (int round = 0; round <= options.rounds(); round++) {
                for (int turn = 0; turn < variants.size(); turn++) {
                    int i = (turn + round) % variants.size(); // each variant goes first in some round
                    ReplicationRound result = replicationRound(sweep.get(i), probes.get(i).route(),
                            round == 0 ? options.warmUpMillis() : options.roundMillis());
                    LOG.info("{}, {}: {}", variants.get(i).label(),
                            round == 0 ? "warm-up (discarded)" : "round " + round, result);
                    if (round > 0) {
                        rounds.get(i).add(result);
                    }
                }
            }
            return IntStream.range(0, variants.size()).mapToObj(i -> summarise(probes.get(i), rounds.get(i))).toList();
        } finally {
            sweep.forEach(BenchCluster::close);
        }
    }

    private void reportTurns(List<Variant> variants, List<ReplicationRound.Summarised> results, int base, double floor,
                             IntFunction<String> extra) {
        ReplicationRound.Summarised baseline = results.get(base);
        report.add(String.format(Locale.ROOT, "  (%s; rounds taken in turns; ratios of medians to '%s')",
                how(results.get(0).probe(), "POST /v1/topics/{topic}/entries/batch", results.get(0).clients()),
                variants.get(base).label()));
        report.add(String.format(Locale.ROOT, "  %-9s %-22s %-24s %-24s %-10s %-10s %-10s %s", "variant", "entries/s",
                "CPU ms per entry", "without the JIT compiler", "entries/s", "CPU/entry", "w/o JIT", ""));
        for (int i = 0; i < variants.size(); i++) {
            ReplicationRound.Summarised r = results.get(i);
            report.add(String.format(Locale.ROOT, "  %-9s %-22s %-24s %-24s %-10.3f %-10.3f %-10.3f %s",
                    variants.get(i).label(), r.rate().format(0), r.cpuMillisPerEntry().format(2), r.withoutJit().format(2),
                    r.rate().median() / baseline.rate().median(),
                    r.cpuMillisPerEntry().median() / baseline.cpuMillisPerEntry().median(),
                    r.withoutJit().median() / baseline.withoutJit().median(), extra.apply(i)));
        }
        report.add(String.format(Locale.ROOT, "  entries/s of '%s' is %.3fx the floor; cores busy (medians): %s",
                variants.get(base).label(), baseline.rate().median() / floor, String.join("; ",
                        IntStream.range(0, variants.size()).mapToObj(i -> String.format(Locale.ROOT, "%s %.2f",
                                variants.get(i).label(), results.get(i).cores().median())).toList())));
    }

    /** One round of a figure, lasting {@code millis}. */
    @FunctionalInterface
    private interface Round<T> {
        T run(long millis) throws Exception;
    }

    /** A warm-up round (printed, discarded), then the measured rounds (printed, returned). */
    private <T> List<T> rounds(String what, long warmUpMillis, long roundMillis, Round<T> round) throws Exception {
        LOG.info("{}, warm-up (discarded): {}", what, round.run(warmUpMillis));
        List<T> measured = new ArrayList<>();
        for (int i = 1; i <= options.rounds(); i++) {
            T result = round.run(roundMillis);
            LOG.info("{}, round {}: {}", what, i, result);
            measured.add(result);
        }
        return measured;
    }

    private int clients(Route route) {
        return route == Route.BATCH ? options.clients() : options.singleClients();
    }

    private String how(Route.Probe probe, String batchRoute, int clients) {
        return probe.route() == Route.BATCH
                ? String.format(Locale.ROOT, "batch route, %d clients x %d per request", clients, options.batch())
                : String.format(Locale.ROOT, "SINGLE-ENTRY FALLBACK: %s answered %d, so %d clients x 1 per request",
                batchRoute, probe.status(), clients);
    }

    private static boolean knowsCurrency(NodeProcess node) {
        for (JsonNode currency : BenchRpc.json(node.rpcGet("/v1/ledger/currencies"))) {
            if (CURRENCY.equals(currency.path("symbol").asText())) {
                return true;
            }
        }
        return false;
    }

    private String nextTopic(String namespace) {
        return namespace + ":r" + (++topics);
    }

    private BenchCluster open(String name, UnaryOperator<NodeProcess> configure) {
        BenchCluster cluster = new BenchCluster(dir.resolve(name), configure, cpu);
        clusters.add(cluster);
        return cluster;
    }

    private void stopNodes() {
        clusters.forEach(BenchCluster::close);
    }

    private static String jar() throws IOException {
        Path jar = Path.of("target", "icnd.jar");
        return jar + " (built " + Files.getLastModifiedTime(jar).toInstant().truncatedTo(ChronoUnit.SECONDS) + ")";
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
