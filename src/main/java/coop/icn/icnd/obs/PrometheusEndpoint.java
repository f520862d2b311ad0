package coop.icn.icnd.obs;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.metrics.servlets.AdminServlet;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Predicate;
import io.prometheus.client.hotspot.DefaultExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;

/**
 * Puts the Prometheus scrape at {@code /metrics} on the admin connector and moves Dropwizard's
 * JSON metrics to {@code /metrics-json}. The servlet answers in the OpenMetrics format (with
 * exemplars) when the {@code Accept} header asks for {@code application/openmetrics-text}, as
 * Prometheus does, and in the 0.0.4 text format otherwise.
 */
public final class PrometheusEndpoint {
    public static final String PATH = "/metrics";
    public static final String JSON_PATH = "/metrics-json";

    /**
     * Drops {@code _created} samples (simpleclient's own counters, histograms and summaries write
     * them; the bridge's families and 0.16's hotspot collectors have none) from both formats. In
     * 0.0.4 each would be an extra gauge family beside its counter; in OpenMetrics, where they are
     * legal, Prometheus 2 stores each as one more series. So both formats expose the same series.
     */
    static final Predicate<String> WITHOUT_CREATED = name -> !name.endsWith("_created");

    private PrometheusEndpoint() {
    }

    /**
     * Builds this application instance's own {@link CollectorRegistry} (never the JVM-wide
     * default, so that two nodes in one JVM, as in tests, do not share series): the catalogue
     * bridge plus the standard JVM and process collectors.
     */
    public static CollectorRegistry install(Environment environment) {
        CollectorRegistry collectors = new CollectorRegistry(true);
        collectors.register(new PrometheusBridge(environment.metrics()));
        DefaultExports.register(collectors);
        environment.getAdminContext().setInitParameter(AdminServlet.METRICS_URI_PARAM_KEY, JSON_PATH);
        environment.admin().addServlet("prometheus", new MetricsServlet(collectors, WITHOUT_CREATED)).addMapping(PATH);
        return collectors;
    }
}
