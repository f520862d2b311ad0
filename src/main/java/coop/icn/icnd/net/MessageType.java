package coop.icn.icnd.net;

/** Frame types of protocol version 1. Codes are on the wire; never reuse one. */
public enum MessageType implements coop.icn.icnd.obs.LabelValue {
    HELLO(1),
    PING(2),
    PONG(3),
    /** The peers a node is connected to, as {@code did@host:port} dial hints. */
    PEERS(4),
    // gossip (coop.icn.icnd.gossip.GossipCodec)
    ANNOUNCE(16),
    REQUEST(17),
    RESPONSE(18),
    DIGEST(19),
    PULL_REQUEST(20),
    PULL_RESPONSE(21),
    SUBSCRIPTIONS(22);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code, or null when the code is unknown. */
    public static MessageType fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Types handled by the network itself; the rest go to the handler registered for them. */
    public boolean isNetworkOwn() {
        return code < 16;
    }

    /** The label value used in metrics. */
    @Override
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
