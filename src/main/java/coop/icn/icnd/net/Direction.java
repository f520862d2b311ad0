package coop.icn.icnd.net;

import coop.icn.icnd.obs.LabelValue;

import java.util.Locale;

/** Which way a frame went: the {@code direction} label of {@code icn_network_message_size_bytes}. */
public enum Direction implements LabelValue {
    SENT,
    RECEIVED;

    private final String label = name().toLowerCase(Locale.ROOT);

    @Override
    public String label() {
        return label;
    }
}
