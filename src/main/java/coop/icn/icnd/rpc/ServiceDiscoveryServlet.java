package coop.icn.icnd.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import coop.icn.icnd.identity.NodeIdentity;
import coop.icn.icnd.net.NetworkActor;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /sd} on the admin connector: this node and every connected peer whose admin port it
 * knows, in Prometheus's HTTP service discovery format, so that Prometheus given one node finds
 * the whole mesh. This node's own target is the address and port the request came in on: the
 * one Prometheus can reach. Open like {@code /metrics}: it says no more than peers already know.
 */
public final class ServiceDiscoveryServlet extends HttpServlet {
    public static final String PATH = "/sd";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient Optional<NodeIdentity> identity;
    private final transient Optional<NetworkActor> network;

    public ServiceDiscoveryServlet(Optional<NodeIdentity> identity, Optional<NetworkActor> network) {
        this.identity = identity;
        this.network = network;
    }

    /** One entry of the format: {@code {"targets":["host:port"],"labels":{"icn_did":"…"}}}. */
    record Group(List<String> targets, Map<String, String> labels) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<Group> groups = new ArrayList<>();
        String host = request.getLocalAddr();
        String self = (host.contains(":") ? "[" + host + "]" : host) + ":" + request.getLocalPort();
        groups.add(new Group(List.of(self), identity.map(id -> Map.of("icn_did", id.did().value())).orElse(Map.of())));
        if (network.isPresent()) {
            try {
                for (NetworkActor.ScrapeTarget peer : network.get().scrapeTargets().get(5, TimeUnit.SECONDS)) {
                    groups.add(new Group(List.of(peer.hostPort()), Map.of("icn_did", peer.did())));
                }
            } catch (Exception e) {
                response.sendError(503, "the network did not answer: " + e);
                return;
            }
        }
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(), groups);
    }
}
