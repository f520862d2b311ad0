package coop.icn.icnd.rpc;

import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;

/**
 * Counts and times every request Jersey answers, by {@link RpcRoute} and status. A Jersey event
 * listener rather than a response filter: it also sees the answers of unmatched paths and
 * unmapped exceptions. It records once the answer is ready, before its body is written, so that
 * a client that has its answer and then scrapes sees it counted.
 */
public final class RpcRequestListener implements ApplicationEventListener {
    private final RpcMetrics metrics;
    /** Each resource method's route, worked out once. */
    private final RouteTemplates templates;

    public RpcRequestListener(RpcMetrics metrics, RouteTemplates templates) {
        this.metrics = metrics;
        this.templates = templates;
    }

    @Override
    public void onEvent(ApplicationEvent event) {
        // nothing to do at the application's start or stop
    }

    @Override
    public RequestEventListener onRequest(RequestEvent start) {
        return new Answer(System.nanoTime());
    }

    /** One request, recorded once: when its response filters are done, else (a failure past them) when it ends. */
    private final class Answer implements RequestEventListener {
        private final long startNanos;
        private boolean recorded;

        Answer(long startNanos) {
            this.startNanos = startNanos;
        }

        @Override
        public void onEvent(RequestEvent event) {
            RequestEvent.Type type = event.getType();
            if (recorded || (type != RequestEvent.Type.RESP_FILTERS_FINISHED && type != RequestEvent.Type.FINISHED)) {
                return;
            }
            recorded = true;
            ContainerResponse response = event.getContainerResponse();
            // no response at all means Jersey failed to make one: the caller sees a server error
            int status = response != null ? response.getStatus() : 500;
            metrics.answered(route(event.getUriInfo().getMatchedResourceMethod()), status, System.nanoTime() - startNanos);
        }
    }

    private RpcRoute route(ResourceMethod method) {
        if (method == null) {
            return RpcRoute.UNMATCHED;
        }
        return templates.routeOf(method);
    }
}
