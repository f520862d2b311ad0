package coop.icn.icnd.rpc;

import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Each resource method's full JAX-RS template ({@code /v1/topics/{topic}/entries}), worked out
 * once with the {@link RpcRoute} its requests are counted under, and shared by the request
 * metrics ({@link RpcRequestListener}) and the request spans ({@link RpcTracing}): resource
 * methods are fixed once Jersey has started, and joining the paths took a regex per request (JFR).
 */
public final class RouteTemplates {
    private static final Pattern EDGE_SLASHES = Pattern.compile("^/+|/+$");

    /** A resource method's template, and the route its requests are counted under. */
    private record Route(String template, RpcRoute route) {
    }

    private final Map<ResourceMethod, Route> routes = new ConcurrentHashMap<>();

    String of(ResourceMethod method) {
        return resolve(method).template();
    }

    RpcRoute routeOf(ResourceMethod method) {
        return resolve(method).route();
    }

    private Route resolve(ResourceMethod method) {
        return routes.computeIfAbsent(method, m -> {
            String template = template(m);
            return new Route(template, RpcRoute.of(m.getHttpMethod(), template));
        });
    }

    /** The method's resource's path and every parent's, joined. */
    static String template(ResourceMethod method) {
        Deque<String> parts = new ArrayDeque<>();
        for (Resource resource = method.getParent(); resource != null; resource = resource.getParent()) {
            String path = resource.getPath() == null ? "" : EDGE_SLASHES.matcher(resource.getPath()).replaceAll("");
            if (!path.isEmpty()) {
                parts.addFirst(path);
            }
        }
        return "/" + String.join("/", parts);
    }
}
