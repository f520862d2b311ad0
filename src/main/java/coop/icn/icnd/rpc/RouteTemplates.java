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
 * once and shared by the request metrics ({@link RpcRequestListener}) and the request spans
 * ({@link RpcTracing}): resource methods are fixed once Jersey has started, and joining the
 * paths took a regex per request (JFR).
 */
public final class RouteTemplates {
    private static final Pattern EDGE_SLASHES = Pattern.compile("^/+|/+$");
    private final Map<ResourceMethod, String> templates = new ConcurrentHashMap<>();

    String of(ResourceMethod method) {
        return templates.computeIfAbsent(method, RouteTemplates::template);
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
