package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.Did;
import coop.icn.icnd.net.MessageType;
import coop.icn.icnd.net.PeerMessenger;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Push: a newly stored entry is announced to every peer that replicates its topic, except the
 * one it came from; a peer that lacks an announced entry requests it from the announcer, and
 * the response goes to that requester only, in messages of at most {@code maxBatchBytes}. A hash
 * requested once is not requested again for {@value #REREQUEST_SECONDS} s, whoever announces it.
 * Belongs to the gossip actor's thread.
 */
final class PushProtocol {
    static final long REREQUEST_SECONDS = 10;
    private static final long REREQUEST_NANOS = TimeUnit.SECONDS.toNanos(REREQUEST_SECONDS);
    private static final HexFormat HEX = HexFormat.of();
    private static final int PRUNE_ABOVE = 4096;

    private final PeerMessenger network;
    private final GossipMetrics metrics;
    private final RecentEntries entries;
    private final int maxBatchBytes;
    private final java.util.function.Function<Entry, String> traceparent;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final Map<String, Long> requested = new HashMap<>();

    /** {@code traceparent}: the trace context to send with an entry ("" for none). */
    PushProtocol(PeerMessenger network, GossipMetrics metrics, RecentEntries entries, int maxBatchBytes,
                 java.util.function.Function<Entry, String> traceparent) {
        this.traceparent = traceparent;
        this.network = network;
        this.metrics = metrics;
        this.entries = entries;
        this.maxBatchBytes = maxBatchBytes;
    }

    /** Requests from {@code from} the announced entries {@code wanted} accepts, unless recently requested. */
    void onAnnounce(Did from, List<GossipCodec.Announcement> announcements, Predicate<GossipCodec.Announcement> wanted) {
        long now = System.nanoTime();
        if (requested.size() > PRUNE_ABOVE) {
            // hashes announced and never delivered (or refused) must not pile up forever
            requested.values().removeIf(asked -> now - asked >= REREQUEST_NANOS);
        }
        List<byte[]> hashes = new ArrayList<>();
        for (GossipCodec.Announcement a : announcements) {
            if (!wanted.test(a)) {
                continue;
            }
            String hex = HEX.formatHex(a.hash());
            Long asked = requested.get(hex);
            if (asked != null && now - asked < REREQUEST_NANOS) {
                continue;
            }
            requested.put(hex, now);
            hashes.add(a.hash());
        }
        if (!hashes.isEmpty() && network.send(from, MessageType.REQUEST, GossipCodec.request(alloc, hashes))) {
            metrics.requestsSent.inc();
        }
    }

    /** The entry arrived, whoever sent it: a later announcement may request it again if it is lost. */
    void arrived(String hex) {
        requested.remove(hex);
    }

    /** Answers a request with the entries held of those asked for. */
    void onRequest(Did from, List<byte[]> hashes, Predicate<String> held) {
        List<String> hexes = hashes.stream().map(HEX::formatHex).filter(held).toList();
        List<Entry> batch = new ArrayList<>();
        int bytes = 0;
        for (Entry entry : entries.getAll(hexes).values()) {
            int size = GossipCodec.entryBytes(entry);
            if (!batch.isEmpty() && bytes + size > maxBatchBytes) {
                sendResponse(from, batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(entry);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            sendResponse(from, batch);
        }
    }

    private void sendResponse(Did to, List<Entry> batch) {
        if (network.send(to, MessageType.RESPONSE, GossipCodec.response(alloc, batch, traceparent))) {
            metrics.responsesSent.inc();
        }
    }

    /** One ANNOUNCE per peer for a committed batch. */
    void announce(Map<Did, List<GossipCodec.Announcement>> perPeer) {
        perPeer.forEach((peer, list) -> {
            if (network.send(peer, MessageType.ANNOUNCE, GossipCodec.announce(alloc, list))) {
                metrics.announcesSent.inc();
            }
        });
    }
}
