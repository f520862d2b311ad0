package coop.icn.icnd.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** One figure over the measured rounds of a benchmark: the least, the median and the most. */
public record Summary(double min, double median, double max) {
    public static Summary of(List<Double> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds to summarise");
        }
        double[] sorted = rounds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Summary(sorted[0], median, sorted[sorted.length - 1]);
    }

    public static Summary of(double... rounds) {
        return of(Arrays.stream(rounds).boxed().toList());
    }

    /** {@code min / median / max}, each with {@code decimals} decimals and thousands separators. */
    public String format(int decimals) {
        String pattern = "%,." + decimals + "f";
        return String.format(Locale.ROOT, pattern + " / " + pattern + " / " + pattern, min, median, max);
    }
}
