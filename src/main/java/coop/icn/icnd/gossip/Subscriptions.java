package coop.icn.icnd.gossip;

import coop.icn.icnd.identity.Did;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which topics this node replicates (its {@code gossip.subscriptions}) and which each peer
 * replicates (its {@code SUBSCRIPTIONS} message). An empty list means every topic. A peer that
 * has not said yet is assumed to replicate everything: announcing too much costs a message,
 * announcing too little loses an entry until the next anti-entropy round.
 *
 * <p>The peer table belongs to the gossip actor's thread.
 */
final class Subscriptions {
    private final List<TopicPattern> own;
    private final Map<Did, List<TopicPattern>> peers = new HashMap<>();

    Subscriptions(List<TopicPattern> own) {
        this.own = List.copyOf(own);
    }

    List<TopicPattern> own() {
        return own;
    }

    boolean replicates(String topic) {
        return own.isEmpty() || TopicPattern.anyMatches(own, topic);
    }

    boolean peerReplicates(Did peer, String topic) {
        List<TopicPattern> patterns = peers.get(peer);
        return patterns == null || patterns.isEmpty() || TopicPattern.anyMatches(patterns, topic);
    }

    void peerSubscribed(Did peer, List<TopicPattern> patterns) {
        peers.put(peer, List.copyOf(patterns));
    }

    void peerGone(Did peer) {
        peers.remove(peer);
    }
}
