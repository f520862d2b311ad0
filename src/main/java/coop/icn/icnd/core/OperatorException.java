package coop.icn.icnd.core;

/**
 * A failure the operator can fix (wrong passphrase, corrupt keystore, unreadable file). The
 * command line prints its message as one line and exits non-zero, without a stack trace.
 */
public class OperatorException extends RuntimeException {
    public OperatorException(String message) {
        super(message);
    }

    public OperatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
