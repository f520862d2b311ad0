package coop.icn.icnd.ledger;

import coop.icn.icnd.obs.LabelValue;

/**
 * What the ledger says of a transfer or a currency definition. The labels are part of the
 * node's interface: they are the {@code reason} of {@code icn_ledger_rejected_total} and the
 * {@code status} of {@code GET /v1/ledger/transfers}, so they never change.
 */
public enum LedgerVerdict implements LabelValue {
    ACCEPTED("accepted"),
    /** Not a transfer this version can read, or one whose topic and symbol disagree. */
    MALFORMED("malformed"),
    AMOUNT("amount"),
    SELF("self"),
    SEQUENCE("sequence"),
    FRONTIER("frontier"),
    CREDIT_LIMIT("credit_limit"),
    /** Two transfers with one payer and sequence: both are void. */
    EQUIVOCATION("equivocation"),
    /** After an equivocation, the payer's later transfers. */
    FROZEN("frozen"),
    /** A currency definition refused, or (RPC only) a transfer in a currency this node does not know. */
    CURRENCY("currency"),
    /** RPC only: this node already knows a currency with the symbol asked for. Never gossiped, never counted. */
    EXISTS("exists");

    private final String label;

    LedgerVerdict(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public boolean isRefusal() {
        return this != ACCEPTED;
    }

    /** The refusals {@code icn_ledger_rejected_total} counts: every one but {@link #EXISTS}, which breaks no ledger rule. */
    public boolean isCounted() {
        return isRefusal() && this != EXISTS;
    }
}
