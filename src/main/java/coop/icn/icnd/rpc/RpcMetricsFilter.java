package coop.icn.icnd.rpc;

import com.codahale.metrics.Counter;
import coop.icn.icnd.obs.Labelled;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/** Counts RPC answers that blame the caller (4xx): malformed bodies, bad values, unknown paths. */
public final class RpcMetricsFilter implements ContainerResponseFilter {
    private final Labelled<Counter> clientErrors;

    public RpcMetricsFilter(MetricFactory metrics) {
        this.clientErrors = metrics.labelledCounter(MetricCatalogue.RPC_CLIENT_ERRORS);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status >= 400 && status < 500) {
            clientErrors.labels(Integer.toString(status)).inc();
        }
    }
}
