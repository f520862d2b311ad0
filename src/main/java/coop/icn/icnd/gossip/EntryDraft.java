package coop.icn.icnd.gossip;

/** A new entry's topic and data, before this node signs it ({@link GossipActor#publish(java.util.List)}). */
public record EntryDraft(String topic, byte[] data) {
    /** Why the node must not publish it, or null when it may. */
    String problem(int maxDataBytes) {
        if (!Entry.isValidTopic(topic)) {
            return "topic must be namespace:purpose, got " + topic;
        }
        if (data.length == 0 || data.length > maxDataBytes) {
            return "entry data must be 1 to " + maxDataBytes + " bytes, got " + data.length;
        }
        return null;
    }
}
