package coop.icn.icnd.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of {@code scripts/cluster-bench.sh}. Without {@code --tracing} or
 * {@code --compare} the run measures everything once; with {@code --tracing}, the replicated
 * entries once per tracing setting; with {@code --compare base.jar}, the replicated entries of
 * that jar's nodes and of {@code target/icnd.jar}'s, in turns.
 */
public record ClusterBenchOptions(int rounds, long roundMillis, long warmUpMillis, int clients, int singleClients,
                                  int batch, int size, List<TracingSetting> tracing, Path compareWith) {
    public static final String USAGE = "usage: scripts/cluster-bench.sh [--rounds 3] [--seconds 4] [--warm-up-seconds 8]"
            + " [--clients 4] [--single-clients 16] [--batch 100] [--size 256] [--tracing off,0.1,1.0 | --compare base.jar]";

    /** Tracing off (the node's default), or on, exporting OTLP, sampling {@code ratio} of new traces. */
    public record TracingSetting(boolean enabled, double ratio) {
        public static TracingSetting parse(String text) {
            if (text.equals("off")) {
                return new TracingSetting(false, 0);
            }
            double ratio;
            try {
                ratio = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--tracing: '" + text + "' is neither off nor a ratio from 0 to 1");
            }
            if (!(ratio >= 0 && ratio <= 1)) {
                throw new IllegalArgumentException("--tracing: ratio " + text + " is not from 0 to 1");
            }
            return new TracingSetting(true, ratio);
        }

        public String label() {
            return enabled ? String.format(Locale.ROOT, "on %s", ratio) : "off";
        }
    }

    public static ClusterBenchOptions parse(String... args) {
        int rounds = 3;
        long roundMillis = 4000;
        long warmUpMillis = 8000;
        int clients = 4;
        int singleClients = 16;
        int batch = 100;
        int size = 256;
        List<TracingSetting> tracing = new ArrayList<>();
        Path compareWith = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value; " + USAGE);
            }
            String value = args[++i];
            switch (option) {
                case "--rounds" -> rounds = positive(option, value);
                case "--seconds" -> roundMillis = 1000L * positive(option, value);
                case "--warm-up-seconds" -> warmUpMillis = 1000L * positive(option, value);
                case "--clients" -> clients = positive(option, value);
                case "--single-clients" -> singleClients = positive(option, value);
                case "--batch" -> batch = positive(option, value);
                case "--size" -> size = positive(option, value);
                case "--tracing" -> {
                    for (String setting : value.split(",")) {
                        tracing.add(TracingSetting.parse(setting.trim()));
                    }
                }
                case "--compare" -> {
                    compareWith = Path.of(value).toAbsolutePath();
                    if (!Files.isRegularFile(compareWith)) {
                        throw new IllegalArgumentException("--compare: no jar " + value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + option + "; " + USAGE);
            }
        }
        if (size < 8) {
            throw new IllegalArgumentException("--size: at least 8 bytes (each entry starts with its serial number)");
        }
        if (compareWith != null && !tracing.isEmpty()) {
            throw new IllegalArgumentException("--compare and --tracing each sweep a setting: give one of them");
        }
        return new ClusterBenchOptions(rounds, roundMillis, warmUpMillis, clients, singleClients, batch, size, List.copyOf(tracing),
                compareWith);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the option's name
        }
        throw new IllegalArgumentException(option + ": '" + value + "' is not a positive whole number");
    }
}
