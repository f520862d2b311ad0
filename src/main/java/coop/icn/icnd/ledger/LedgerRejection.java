package coop.icn.icnd.ledger;

/** The node itself can see that a transfer or currency the caller asked for breaks a rule. */
public final class LedgerRejection extends RuntimeException {
    private final String reason;

    LedgerRejection(String reason, String message) {
        super(reason + ": " + message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
