package coop.icn.icnd.identity;

import coop.icn.icnd.core.OperatorException;

/** A keystore or passphrase problem, with a message fit to print as the one line the operator sees. */
public final class KeystoreException extends OperatorException {
    public enum Reason { MISSING, EXISTS, UNREADABLE, CORRUPT, WRONG_PASSPHRASE, NO_PASSPHRASE }

    private final Reason reason;

    KeystoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    KeystoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
