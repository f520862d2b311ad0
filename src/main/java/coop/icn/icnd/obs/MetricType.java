package coop.icn.icnd.obs;

/** The Prometheus type a catalogued metric is exported with. */
public enum MetricType {
    COUNTER("counter"),
    GAUGE("gauge"),
    HISTOGRAM("histogram");

    private final String exposition;

    MetricType(String exposition) {
        this.exposition = exposition;
    }

    /** The word used after {@code # TYPE} in the text exposition format. */
    public String exposition() {
        return exposition;
    }
}
