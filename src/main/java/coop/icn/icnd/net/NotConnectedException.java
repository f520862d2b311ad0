package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;

/** An operation named a peer this node has no session with. */
public final class NotConnectedException extends RuntimeException {
    public NotConnectedException(Did peer) {
        super("not connected to " + peer);
    }
}
