package coop.icn.icnd.obs;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.metrics.servlets.AdminServlet;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;

/**
 * Puts the Prometheus scrape at {@code /metrics} on the admin connector and moves Dropwizard's
 * JSON metrics to {@code /metrics-json}.
 */
public final class PrometheusEndpoint {
    public static final String PATH = "/metrics";
    public static final String JSON_PATH = "/metrics-json";

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
        // _created samples are OpenMetrics-only; the 0.0.4 text format would show each as an
        // extra gauge family beside its counter, which Prometheus 2 neither needs nor uses.
        environment.admin()
                .addServlet("prometheus", new MetricsServlet(collectors, name -> !name.endsWith("_created")))
                .addMapping(PATH);
        return collectors;
    }
}
