package coop.icn.icnd.gossip;

import coop.icn.icnd.obs.LabelValue;

import java.util.Locale;

/** Why a received entry was refused: the {@code reason} label of {@code icn_gossip_rejected_total}. */
public enum RejectReason implements LabelValue {
    /** Data longer than a frame can carry. */
    SIZE,
    /** Not {@code namespace:purpose}. */
    TOPIC,
    /** The hash does not match the content. */
    HASH,
    /** The author's signature does not verify. */
    SIGNATURE,
    /** Older than everything a full topic keeps: storing it would only evict it again. */
    EXPIRED;

    private final String label = name().toLowerCase(Locale.ROOT);

    @Override
    public String label() {
        return label;
    }
}
