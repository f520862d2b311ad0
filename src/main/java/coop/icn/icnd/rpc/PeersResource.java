package coop.icn.icnd.rpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import coop.icn.icnd.identity.Did;
import coop.icn.icnd.net.NetworkActor;
import coop.icn.icnd.net.NotConnectedException;
import coop.icn.icnd.net.PeerAddress;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Optional;

/** {@code /v1/peers}: the connected peers, dialling one, and pinging one. */
@Path("/v1/peers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class PeersResource {
    static final int MAX_PINGS = 10_000;

    private final NetworkActor network;
    private final long dialTimeoutMillis;
    private final int maxPingBytes;

    public PeersResource(NetworkActor network, long dialTimeoutMillis, int maxPingBytes) {
        this.network = network;
        this.dialTimeoutMillis = dialTimeoutMillis;
        this.maxPingBytes = maxPingBytes;
    }

    public record DialRequest(@JsonProperty("address") String address, @JsonProperty("did") String did) {
    }

    public record PingRequest(@JsonProperty("count") Integer count, @JsonProperty("size") Integer size) {
    }

    @GET
    public List<NetworkActor.PeerView> peers() {
        return RpcErrors.await(network.peers(), 5_000);
    }

    @POST
    public Response dial(DialRequest request) {
        if (request == null || request.address() == null || request.address().isBlank()) {
            throw RpcErrors.badRequest("give the peer's \"address\" as host:port, and optionally its \"did\"");
        }
        PeerAddress address;
        try {
            PeerAddress parsed = PeerAddress.parse(request.address());
            Optional<Did> did = request.did() == null ? parsed.did() : Optional.of(Did.parse(request.did()));
            address = new PeerAddress(did, parsed.host(), parsed.port());
        } catch (IllegalArgumentException e) {
            throw RpcErrors.badRequest(e.getMessage());
        }
        return Response.status(Response.Status.CREATED)
                .entity(RpcErrors.await(network.dial(address), dialTimeoutMillis, PeersResource::unreachable)).build();
    }

    @POST
    @Path("/{did}/ping")
    public NetworkActor.PingResult ping(@PathParam("did") String did, PingRequest request) {
        Did peer;
        try {
            peer = Did.parse(did);
        } catch (IllegalArgumentException e) {
            throw RpcErrors.badRequest(e.getMessage());
        }
        int count = request == null || request.count() == null ? 1 : request.count();
        int size = request == null || request.size() == null ? 0 : request.size();
        if (count < 1 || count > MAX_PINGS) {
            throw RpcErrors.badRequest("count must be from 1 to " + MAX_PINGS);
        }
        if (size < 0 || size > maxPingBytes) {
            throw RpcErrors.badRequest("size must be from 0 to " + maxPingBytes + " bytes");
        }
        return RpcErrors.await(network.ping(peer, count, size, dialTimeoutMillis), dialTimeoutMillis + 1_000,
                PeersResource::unreachable);
    }

    /** A peer we are not connected to is 404; one that cannot be reached or is not who it must be, 502. */
    private static WebApplicationException unreachable(Throwable cause) {
        if (cause instanceof NotConnectedException) {
            return RpcErrors.error(404, cause.getMessage());
        }
        if (cause instanceof IllegalArgumentException) {
            return null;
        }
        return RpcErrors.error(502, "peer unreachable: " + cause.getMessage());
    }
}
