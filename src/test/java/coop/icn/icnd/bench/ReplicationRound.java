package coop.icn.icnd.bench;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One round of replicated entries: published on a until b and c held them all, the CPU each
 * JVM used meanwhile (in all, and for the three together by {@link ThreadRole}), and the
 * commits each node made.
 */
record ReplicationRound(long entries, double seconds, double[] cpuSeconds, Map<ThreadRole, Double> byRole, long[] commits) {
    double rate() {
        return entries / seconds;
    }

    /** CPU milliseconds per entry, which is also CPU seconds per 1,000 entries. */
    double cpuMillisPerEntry() {
        return cpuMillisPerEntry(IntStream.range(0, cpuSeconds.length));
    }

    double cpuMillisPerEntry(IntStream nodes) {
        return nodes.mapToDouble(i -> cpuSeconds[i]).sum() * 1000 / entries;
    }

    double roleMillisPerEntry(ThreadRole role) {
        return byRole.get(role) * 1000 / entries;
    }

    /** What a long-running node pays: all the CPU but the JIT compiler's. */
    double cpuMillisPerEntryWithoutJit() {
        return cpuMillisPerEntry() - roleMillisPerEntry(ThreadRole.JIT_COMPILER);
    }

    double entriesPerCommit(int node) {
        return commits[node] == 0 ? 0 : (double) entries / commits[node];
    }

    /** Cores the three JVMs kept busy on average over the round. */
    double cores() {
        return Arrays.stream(cpuSeconds).sum() / seconds;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,d held by all three %.2f s after the first publish: %,.0f /s;"
                        + " CPU a %.1f s, b %.1f s, c %.1f s (%.2f cores) = %.2f ms per entry, %.2f without the JIT compiler;"
                        + " entries per commit a %.1f, b %.1f, c %.1f", entries, seconds, rate(),
                cpuSeconds[0], cpuSeconds[1], cpuSeconds[2], cores(), cpuMillisPerEntry(), cpuMillisPerEntryWithoutJit(),
                entriesPerCommit(0), entriesPerCommit(1), entriesPerCommit(2));
    }

    /** The measured rounds of one cluster, summarised. */
    record Summarised(Route.Probe probe, int clients, Summary rate, Summary cpuMillisPerEntry, double[] cpuMedianPerNode,
                      Summary cores, Summary withoutJit, Map<ThreadRole, Double> roleMedians, double[] entriesPerCommit) {
        static Summarised of(Route.Probe probe, int clients, List<ReplicationRound> rounds) {
            double[] perNode = IntStream.range(0, 3).mapToDouble(node -> Summary.of(rounds.stream()
                    .map(r -> r.cpuMillisPerEntry(IntStream.of(node))).toList()).median()).toArray();
            Map<ThreadRole, Double> roles = new EnumMap<>(ThreadRole.class);
            for (ThreadRole role : ThreadRole.values()) {
                roles.put(role, Summary.of(rounds.stream().map(r -> r.roleMillisPerEntry(role)).toList()).median());
            }
            double[] perCommit = IntStream.range(0, 3).mapToDouble(node -> Summary.of(rounds.stream()
                    .map(r -> r.entriesPerCommit(node)).toList()).median()).toArray();
            return new Summarised(probe, clients, Summary.of(rounds.stream().map(ReplicationRound::rate).toList()),
                    Summary.of(rounds.stream().map(ReplicationRound::cpuMillisPerEntry).toList()), perNode,
                    Summary.of(rounds.stream().map(ReplicationRound::cores).toList()),
                    Summary.of(rounds.stream().map(ReplicationRound::cpuMillisPerEntryWithoutJit).toList()), roles, perCommit);
        }

        /** Milliseconds per entry by thread role, medians over the rounds, dearest first. */
        String byRole() {
            return String.join(", ", roleMedians.entrySet().stream()
                    .sorted(Map.Entry.<ThreadRole, Double>comparingByValue().reversed())
                    .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue())).toList());
        }
    }
}
