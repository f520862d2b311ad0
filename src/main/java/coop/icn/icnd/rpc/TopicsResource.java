package coop.icn.icnd.rpc;

import com.fasterxml.jackson.annotation.JsonProperty;
import coop.icn.icnd.gossip.Entry;
import coop.icn.icnd.gossip.EntryDraft;
import coop.icn.icnd.gossip.GossipActor;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Gossip over RPC: topics, publishing raw bytes as an entry, listing and reading entries. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/v1")
public final class TopicsResource {
    private static final long TIMEOUT_MILLIS = 10_000;
    private final GossipActor gossip;
    private final int maxEntryBytes;

    public TopicsResource(GossipActor gossip, int maxEntryBytes) {
        this.gossip = gossip;
        this.maxEntryBytes = maxEntryBytes;
    }

    @GET
    @Path("/topics")
    public List<GossipActor.TopicView> topics() {
        return RpcErrors.await(gossip.topics(), TIMEOUT_MILLIS);
    }

    @POST
    @Path("/topics/{topic}/entries")
    @Consumes(MediaType.WILDCARD)
    public Response publish(@PathParam("topic") String topic, InputStream body) throws IOException {
        checkTopic(topic);
        // read at most one byte past the limit: an oversize body is refused without holding it
        byte[] data = body.readNBytes(maxEntryBytes + 1);
        if (data.length == 0) {
            throw RpcErrors.badRequest("the request body is the entry's data and must not be empty");
        }
        if (data.length > maxEntryBytes) {
            throw RpcErrors.error(413, "entry data is limited to " + maxEntryBytes + " bytes");
        }
        Entry entry = RpcErrors.await(gossip.publish(topic, data), TIMEOUT_MILLIS);
        return Response.status(Response.Status.CREATED).entity(Map.of("hash", entry.hashHex())).build();
    }

    public record BatchRequest(@JsonProperty("data") List<String> data) {
    }

    /** Publishes every item or none: each is checked before any is signed, and all are stored in one commit. */
    @POST
    @Path("/topics/{topic}/entries/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response publishBatch(@PathParam("topic") String topic, InputStream body) throws IOException {
        checkTopic(topic);
        List<String> items = BatchBody.items(
                BatchBody.read(body, BatchRequest.class, "{\"data\":[\"<base64>\", ...]}").data(), "data");
        List<EntryDraft> drafts = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            drafts.add(new EntryDraft(topic, decode(items.get(i), i)));
        }
        List<String> hashes = RpcErrors.await(gossip.publish(drafts), TIMEOUT_MILLIS).stream()
                .map(Entry::hashHex).toList();
        return Response.status(Response.Status.CREATED).entity(Map.of("hashes", hashes)).build();
    }

    private byte[] decode(String item, int index) {
        if (item == null) {
            throw RpcErrors.badRequest("data[" + index + "]: null, where base64 was expected");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(item);
        } catch (IllegalArgumentException e) {
            throw RpcErrors.badRequest("data[" + index + "]: not base64: " + e.getMessage());
        }
        if (data.length == 0) {
            throw RpcErrors.badRequest("data[" + index + "]: an entry's data must not be empty");
        }
        if (data.length > maxEntryBytes) {
            throw RpcErrors.badRequest("data[" + index + "]: " + data.length + " bytes, over the limit of "
                    + maxEntryBytes + " bytes per entry");
        }
        return data;
    }

    @GET
    @Path("/topics/{topic}/entries")
    public List<GossipActor.EntrySummary> entries(@PathParam("topic") String topic,
                                                  @QueryParam("limit") @DefaultValue("100") int limit) {
        checkTopic(topic);
        if (limit < 1 || limit > 10_000) {
            throw RpcErrors.badRequest("limit must be from 1 to 10000");
        }
        return RpcErrors.await(gossip.entries(topic, limit), TIMEOUT_MILLIS);
    }

    @GET
    @Path("/entries/{hash}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public byte[] entry(@PathParam("hash") String hash) {
        if (!hash.matches("[0-9a-f]{64}")) {
            throw RpcErrors.badRequest("an entry hash is 64 lower-case hex digits");
        }
        return RpcErrors.await(gossip.entry(hash), TIMEOUT_MILLIS).map(Entry::data)
                .orElseThrow(() -> RpcErrors.error(404, "no entry " + hash + " on this node"));
    }

    private static void checkTopic(String topic) {
        if (!Entry.isValidTopic(topic)) {
            throw RpcErrors.badRequest("a topic is namespace:purpose (letters, digits, '.', '-', '_'), got '" + topic + "'");
        }
    }
}
