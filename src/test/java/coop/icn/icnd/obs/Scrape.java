package coop.icn.icnd.obs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text exposition (format 0.0.4), for assertions. */
public final class Scrape {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    private final Map<String, Family> families;

    private Scrape(Map<String, Family> families) {
        this.families = families;
    }

    public static Scrape parse(String text) {
        Map<String, String> help = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                help.put(parts[0], parts.length > 1 ? parts[1] : "");
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ", 2);
                types.put(parts[0], parts[1]);
                samples.putIfAbsent(parts[0], new ArrayList<>());
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches()) {
                    throw new IllegalArgumentException("not a sample line: " + line);
                }
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                Sample sample = new Sample(m.group(1), labels, Double.parseDouble(m.group(4)));
                samples.computeIfAbsent(familyOf(sample.name(), types), k -> new ArrayList<>()).add(sample);
            }
        }
        Map<String, Family> families = new LinkedHashMap<>();
        types.forEach((name, type) -> families.put(name, new Family(name, type, help.get(name), samples.get(name))));
        return new Scrape(families);
    }

    private static String familyOf(String sampleName, Map<String, String> types) {
        if (types.containsKey(sampleName)) {
            return sampleName;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return sampleName;
    }

    public Map<String, Family> families() {
        return families;
    }

    public Optional<Family> family(String name) {
        return Optional.ofNullable(families.get(name));
    }

    /** How much a series grew from {@code before} to {@code after} (0 for a series not exported yet). */
    public static double delta(Scrape before, Scrape after, String sampleName, String... labelPairs) {
        return after.valueOrZero(sampleName, labelPairs) - before.valueOrZero(sampleName, labelPairs);
    }

    /** As {@link #value}, but 0 for a series not (yet) exported, as Prometheus's increase() sees it. */
    public double valueOrZero(String sampleName, String... labelPairs) {
        return find(sampleName, labelPairs).orElse(0.0);
    }

    /** The value of the one sample with this name and these labels (given as k1, v1, k2, v2...). */
    public double value(String sampleName, String... labelPairs) {
        return find(sampleName, labelPairs).orElseThrow(() ->
                new AssertionError("no sample " + sampleName + java.util.Arrays.toString(labelPairs) + " in scrape"));
    }

    private Optional<Double> find(String sampleName, String... labelPairs) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        return families.values().stream()
                .flatMap(f -> f.samples().stream())
                .filter(s -> s.name().equals(sampleName) && s.labels().equals(wanted))
                .findFirst()
                .map(Sample::value);
    }
}
