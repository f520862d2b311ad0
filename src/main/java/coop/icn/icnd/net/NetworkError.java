package coop.icn.icnd.net;

import coop.icn.icnd.obs.LabelValue;

/** The kinds of network failure, counted by {@code icn_network_errors_total}. */
public enum NetworkError implements LabelValue {
    /** A malformed frame. */
    DECODE("decode"),
    /** A frame above {@code network.maxMessageBytes}. */
    OVERSIZE("oversize"),
    /** TLS failed, or the peer closed before it said hello. */
    HANDSHAKE("handshake"),
    /** The peer is not who it must be, or spoke before its hello. */
    AUTH("auth"),
    /** No answer in time: a dial, a hello, or keep-alives. */
    TIMEOUT("timeout"),
    /** An inbound peer refused because {@code network.maxPeers} are connected. */
    FULL("full"),
    /** The peer stayed over {@code network.maxPendingBytes} of unread frames: it does not read. */
    SLOW("slow");

    // spelled out rather than derived from the name: dashboards and alerts select on these values
    private final String label;

    NetworkError(String label) {
        this.label = label;
    }

    /** The value of the metric's {@code type} label. */
    @Override
    public String label() {
        return label;
    }
}
