package coop.icn.icnd.obs;

/**
 * A kind or reason whose set of values is known in advance (an enum), exported as one label
 * value. {@link MetricFactory#counterPerValue} binds a child for each, so every value is in the
 * scrape at 0 before its first event: {@code rate()} and {@code absent()} then work from the start.
 */
public interface LabelValue {
    String label();
}
