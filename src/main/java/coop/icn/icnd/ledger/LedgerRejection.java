package coop.icn.icnd.ledger;

/** The node itself can see that a transfer or currency the caller asked for breaks a rule. */
public final class LedgerRejection extends RuntimeException {
    private final LedgerVerdict reason;

    LedgerRejection(LedgerVerdict reason, String message) {
        super(reason.label() + ": " + message, null, false, false);
        if (!reason.isRefusal()) {
            throw new IllegalArgumentException("an accepted transfer is no rejection");
        }
        this.reason = reason;
    }

    public LedgerVerdict reason() {
        return reason;
    }
}
