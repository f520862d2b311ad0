package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;

/** Told when a peer session is established and when it ends; called on the network actor's thread. */
public interface PeerListener {
    void peerUp(Did peer);

    void peerDown(Did peer);
}
