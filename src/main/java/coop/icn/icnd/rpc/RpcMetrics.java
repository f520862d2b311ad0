package coop.icn.icnd.rpc;

import com.codahale.metrics.Counter;
import coop.icn.icnd.obs.BucketHistogram;
import coop.icn.icnd.obs.MetricCatalogue;
import coop.icn.icnd.obs.MetricFactory;

import java.util.EnumSet;
import java.util.Map;

/**
 * The {@code icn_rpc_*} metrics, bound once: a counter per route and status, a duration
 * histogram per route, and the 4xx count. Every route and status is in the scrape at 0 from the
 * start, so the availability and latency SLIs ({@code dashboards/icnd-slos.yml}) have a series
 * before the first request.
 */
public final class RpcMetrics {
    private final Map<RpcRoute, Map<RpcStatus, Counter>> requests;
    private final Map<RpcRoute, BucketHistogram> durations;
    private final Map<RpcStatus, Counter> clientErrors;

    public RpcMetrics(MetricFactory factory) {
        requests = factory.counterPerValues(MetricCatalogue.RPC_REQUESTS,
                EnumSet.allOf(RpcRoute.class), EnumSet.allOf(RpcStatus.class));
        durations = factory.histogramPerValue(MetricCatalogue.RPC_REQUEST_DURATION, EnumSet.allOf(RpcRoute.class));
        EnumSet<RpcStatus> clientStatuses = EnumSet.allOf(RpcStatus.class);
        clientStatuses.removeIf(status -> !status.isClientError());
        clientErrors = factory.counterPerValue(MetricCatalogue.RPC_CLIENT_ERRORS, clientStatuses);
    }

    /** One answered request: {@code status} as written, {@code nanos} from its arrival to its answer. */
    void answered(RpcRoute route, int status, long nanos) {
        RpcStatus answered = RpcStatus.of(status);
        requests.get(route).get(answered).inc();
        durations.get(route).observe(nanos / 1e9);
        Counter clientError = clientErrors.get(answered);
        if (clientError != null) {
            clientError.inc();
        }
    }
}
