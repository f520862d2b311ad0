package coop.icn.icnd.net;

/** A frame that breaks the wire format: dropped and counted, the connection kept. */
public final class MalformedFrameException extends RuntimeException {
    public MalformedFrameException(String message) {
        super(message, null, false, false);
    }
}
