package coop.icn.icnd.rpc;

import coop.icn.icnd.core.Actor;
import coop.icn.icnd.core.BuildInfo;
import coop.icn.icnd.core.Supervised;
import coop.icn.icnd.core.Supervisor;
import coop.icn.icnd.identity.NodeIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Optional;

/** {@code GET /v1/status}: who this node is, its build, its mode, uptime, and each actor's state. */
@Path(StatusResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public final class StatusResource {
    public static final String PATH = "/v1/status";

    private final Optional<NodeIdentity> identity;
    private final Supervisor supervisor;

    public StatusResource(Optional<NodeIdentity> identity, Supervisor supervisor) {
        this.identity = identity;
        this.supervisor = supervisor;
    }

    public record ActorView(String name, String state, Integer mailboxDepth) {
    }

    public record StatusView(String did, String version, String revision, String mode, double uptimeSeconds,
                             int actorsActive, List<ActorView> actors) {
    }

    @GET
    public StatusView status() {
        List<ActorView> actors = supervisor.components().stream()
                .map(StatusResource::view)
                .toList();
        BuildInfo build = BuildInfo.current();
        return new StatusView(identity.map(id -> id.did().value()).orElse(null), build.version(), build.revision(),
                identity.isPresent() ? "node" : "observer",
                supervisor.uptimeSeconds(), supervisor.activeCount(), actors);
    }

    private static ActorView view(Supervised component) {
        Integer depth = component instanceof Actor actor ? actor.mailboxDepth() : null;
        return new ActorView(component.name(), component.state().name(), depth);
    }
}
