package coop.icn.icnd.obs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A parsed OpenMetrics 1.0 text exposition, and the rules of that format our scrape must keep,
 * each as a method listing what breaks it ({@code docs/metrics.md}, "The OpenMetrics format").
 *
 * <p>promtool 2.42 cannot check this format (its parser reads only 0.0.4 and stops at the first
 * exemplar), so these rules are checked here, and Prometheus's own parser checks the same text
 * in {@code TracingIT}.
 */
public final class OpenMetricsScrape {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
    private static final String LABELS = "\\{((?:" + LABEL + ")(?:," + LABEL + ")*)?}";
    private static final Pattern SAMPLE = Pattern.compile("^(" + NAME + ")(?:" + LABELS + ")? (\\S+)(?: ([^ #]\\S*))?"
            + "(?: # " + LABELS + " (\\S+)(?: (\\S+))?)?$");
    private static final Pattern ONE_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern METADATA = Pattern.compile("^# (TYPE|HELP|UNIT) (" + NAME + ")(?: (.*))?$");
    private static final Set<String> TYPES =
            Set.of("counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown");
    private static final int MAX_EXEMPLAR_LABEL_CHARACTERS = 128;

    public record Exemplar(Map<String, String> labels, double value, Double timestamp) {
    }

    /** {@code exemplar} is null for a sample without one. */
    public record Sample(int line, String name, Map<String, String> labels, double value, Exemplar exemplar) {
    }

    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    private final String text;
    private final List<Family> families = new ArrayList<>();
    private final List<String> syntaxProblems = new ArrayList<>();

    private OpenMetricsScrape(String text) {
        this.text = text;
    }

    public static OpenMetricsScrape parse(String text) {
        OpenMetricsScrape scrape = new OpenMetricsScrape(text);
        scrape.read();
        return scrape;
    }

    private void read() {
        String[] lines = text.split("\n", -1);
        Set<String> seen = new HashSet<>();
        String current = null;
        String type = null;
        String help = null;
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.equals("# EOF") || (line.isEmpty() && i == lines.length - 1)) {
                continue;
            }
            Matcher metadata = METADATA.matcher(line);
            if (metadata.matches()) {
                String name = metadata.group(2);
                if (!name.equals(current)) {
                    close(current, type, help, samples);
                    samples = new ArrayList<>();
                    type = null;
                    help = null;
                    current = name;
                    if (!seen.add(name)) {
                        syntaxProblems.add("line " + number + ": family " + name + " appears twice (interleaved)");
                    }
                } else if (!samples.isEmpty()) {
                    syntaxProblems.add("line " + number + ": metadata of " + name + " after its samples");
                }
                String value = metadata.group(3) == null ? "" : metadata.group(3);
                switch (metadata.group(1)) {
                    case "TYPE" -> {
                        if (type != null) {
                            syntaxProblems.add("line " + number + ": second TYPE for " + name);
                        } else if (!TYPES.contains(value)) {
                            syntaxProblems.add("line " + number + ": unknown type " + value);
                        }
                        type = value;
                    }
                    case "HELP" -> {
                        if (help != null) {
                            syntaxProblems.add("line " + number + ": second HELP for " + name);
                        }
                        help = value;
                    }
                    default -> {
                        if (!name.endsWith("_" + value)) {
                            syntaxProblems.add("line " + number + ": " + name + " does not end in its unit " + value);
                        }
                    }
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                syntaxProblems.add("line " + number + ": not an OpenMetrics line: " + line);
                continue;
            }
            String name = sample.group(1);
            if (current == null || !belongs(name, current, type)) {
                syntaxProblems.add("line " + number + ": sample " + name + " outside its family (current: " + current + ")");
            }
            Exemplar exemplar = null;
            if (sample.group(5) != null) {
                exemplar = new Exemplar(labels(sample.group(5)), number(sample.group(6), number),
                        sample.group(7) == null ? null : number(sample.group(7), number));
            }
            samples.add(new Sample(number, name, labels(sample.group(2)), number(sample.group(3), number), exemplar));
        }
        close(current, type, help, samples);
    }

    private void close(String name, String type, String help, List<Sample> samples) {
        if (name == null) {
            return;
        }
        if (type == null) {
            syntaxProblems.add("family " + name + " has no TYPE");
        }
        families.add(new Family(name, type, help, List.copyOf(samples)));
    }

    /** The sample names the OpenMetrics format allows in a family of each type. */
    private static boolean belongs(String sample, String family, String type) {
        List<String> suffixes = switch (type == null ? "unknown" : type) {
            case "counter" -> List.of("_total", "_created");
            case "histogram" -> List.of("_bucket", "_count", "_sum", "_created");
            case "gaugehistogram" -> List.of("_bucket", "_gcount", "_gsum");
            case "summary" -> List.of("", "_count", "_sum", "_created");
            case "info" -> List.of("_info");
            default -> List.of("");
        };
        return suffixes.stream().anyMatch(suffix -> sample.equals(family + suffix));
    }

    private double number(String value, int line) {
        try {
            return switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> {
                    if (!value.matches("[+-]?[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?")) {
                        throw new NumberFormatException(value);
                    }
                    yield Double.parseDouble(value);
                }
            };
        } catch (NumberFormatException e) {
            syntaxProblems.add("line " + line + ": not a number: " + value);
            return Double.NaN;
        }
    }

    private static Map<String, String> labels(String labels) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (labels != null) {
            Matcher label = ONE_LABEL.matcher(labels);
            while (label.find()) {
                parsed.put(label.group(1), label.group(2));
            }
        }
        return parsed;
    }

    public String text() {
        return text;
    }

    public List<Family> families() {
        return families;
    }

    public Stream<Sample> samples() {
        return families.stream().flatMap(family -> family.samples().stream());
    }

    public List<Family> families(String type) {
        return families.stream().filter(family -> type.equals(family.type())).toList();
    }

    /**
     * Every line is metadata ({@code # TYPE}, {@code # HELP}, {@code # UNIT}), a sample with an
     * optional exemplar, or the final {@code # EOF}; a family's metadata comes once, before its
     * samples, and its samples are not interleaved with another family's.
     */
    public List<String> syntaxProblems() {
        List<String> problems = new ArrayList<>(syntaxProblems);
        families.stream().filter(family -> family.help() == null)
                .forEach(family -> problems.add("family " + family.name() + " has no HELP"));
        return problems;
    }

    /** The exposition ends with {@code # EOF} (and a line feed), which appears nowhere else; no line is empty. */
    public List<String> eofProblems() {
        List<String> problems = new ArrayList<>();
        if (!text.endsWith("\n# EOF\n") && !text.endsWith("\n# EOF")) {
            problems.add("the exposition does not end with # EOF");
        }
        String body = text.substring(0, Math.max(0, text.lastIndexOf("# EOF")));
        if (body.contains("# EOF")) {
            problems.add("# EOF before the end");
        }
        if (body.contains("\n\n") || body.startsWith("\n")) {
            problems.add("an empty line");
        }
        return problems;
    }

    /** A counter family's name has no {@code _total}; its samples are {@code <family>_total}. */
    public List<String> counterProblems() {
        List<String> problems = new ArrayList<>();
        for (Family family : families("counter")) {
            if (family.name().endsWith("_total")) {
                problems.add("counter family " + family.name() + " ends in _total");
            }
            family.samples().stream().filter(sample -> !sample.name().equals(family.name() + "_total"))
                    .forEach(sample -> problems.add("counter sample " + sample.name() + " is not " + family.name() + "_total"));
        }
        return problems;
    }

    /**
     * Per histogram series: {@code le} ascending, written as a canonical number and ending in
     * {@code +Inf}; counts cumulative; {@code _count} equal to the {@code +Inf} bucket; a {@code _sum}.
     */
    public List<String> histogramProblems() {
        List<String> problems = new ArrayList<>();
        for (Family family : families("histogram")) {
            Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
            Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
            Set<Map<String, String>> sums = new HashSet<>();
            for (Sample sample : family.samples()) {
                Map<String, String> series = new LinkedHashMap<>(sample.labels());
                series.remove("le");
                if (sample.name().endsWith("_bucket")) {
                    buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(sample);
                } else if (sample.name().endsWith("_count")) {
                    counts.put(series, sample.value());
                } else if (sample.name().endsWith("_sum")) {
                    sums.add(series);
                }
            }
            buckets.forEach((series, list) -> {
                String where = family.name() + series;
                list.stream().map(bucket -> bucket.labels().get("le")).filter(le -> !canonical(le))
                        .forEach(le -> problems.add(where + ": le=\"" + le + "\" is not a canonical number"));
                for (int i = 1; i < list.size(); i++) {
                    if (le(list.get(i)) <= le(list.get(i - 1))) {
                        problems.add(where + ": le not ascending at line " + list.get(i).line());
                    }
                    if (list.get(i).value() < list.get(i - 1).value()) {
                        problems.add(where + ": bucket counts not cumulative at line " + list.get(i).line());
                    }
                }
                Sample last = list.get(list.size() - 1);
                if (!"+Inf".equals(last.labels().get("le"))) {
                    problems.add(where + ": no +Inf bucket");
                }
                if (!Double.valueOf(last.value()).equals(counts.get(series))) {
                    problems.add(where + ": _count " + counts.get(series) + " is not the +Inf bucket " + last.value());
                }
                if (!sums.contains(series)) {
                    problems.add(where + ": no _sum");
                }
            });
        }
        return problems;
    }

    /**
     * Exemplars only on histogram buckets and counter totals; at most 128 characters of label
     * names and values; a bucket's exemplar value inside that bucket.
     */
    public List<String> exemplarProblems() {
        List<String> problems = new ArrayList<>();
        for (Family family : families) {
            Sample previous = null;
            for (Sample sample : family.samples()) {
                Exemplar exemplar = sample.exemplar();
                boolean bucket = "histogram".equals(family.type()) && sample.name().endsWith("_bucket");
                if (exemplar != null) {
                    String where = "line " + sample.line() + ": ";
                    if (!bucket && !("counter".equals(family.type()) && sample.name().endsWith("_total"))) {
                        problems.add(where + "exemplar on " + sample.name());
                    }
                    int characters = exemplar.labels().entrySet().stream()
                            .mapToInt(label -> label.getKey().length() + label.getValue().length()).sum();
                    if (characters > MAX_EXEMPLAR_LABEL_CHARACTERS) {
                        problems.add(where + "exemplar labels of " + characters + " characters");
                    }
                    boolean sameSeries = previous != null && withoutLe(previous).equals(withoutLe(sample));
                    double lower = sameSeries ? le(previous) : Double.NEGATIVE_INFINITY;
                    if (bucket && !(exemplar.value() > lower && exemplar.value() <= le(sample))) {
                        problems.add(where + "exemplar value " + exemplar.value() + " outside its bucket");
                    }
                }
                previous = bucket ? sample : null;
            }
        }
        return problems;
    }

    public List<String> allProblems() {
        return Stream.of(syntaxProblems(), eofProblems(), counterProblems(), histogramProblems(), exemplarProblems())
                .flatMap(List::stream).toList();
    }

    /**
     * Go's shortest {@code %g} with {@code .0} added to a bare integer: plain decimals from 1e-4
     * up to 1e6, exponents ({@code 1e+06}, {@code 1.5e-05}) outside that range, no superfluous zeros.
     */
    private static boolean canonical(String le) {
        if (le == null) {
            return false;
        }
        if (le.equals("+Inf")) {
            return true;
        }
        double magnitude = Math.abs(Double.parseDouble(le));
        if (le.matches("-?(0|[1-9][0-9]*)\\.(0|[0-9]*[1-9])")) {
            return magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e6);
        }
        return le.matches("-?[1-9](\\.[0-9]*[1-9])?e[+-][0-9]{2,3}") && (magnitude < 1e-4 || magnitude >= 1e6);
    }

    private static double le(Sample bucket) {
        String le = bucket.labels().get("le");
        return "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private static Map<String, String> withoutLe(Sample sample) {
        Map<String, String> labels = new LinkedHashMap<>(sample.labels());
        labels.remove("le");
        return labels;
    }
}
