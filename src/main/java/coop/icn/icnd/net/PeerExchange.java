package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import io.netty.buffer.ByteBufAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Peer exchange, so that the mesh heals itself: when a peer connects, it is told whom this node
 * is connected to, and they are told of it ({@code PEERS}, dial hints with DIDs). Hints go to the
 * {@link Dialler}, which decides what to dial. Every peer this node connects to is remembered
 * in the {@link PeerStore} with the address to dial it at, so a restarted node finds the mesh
 * again without its bootstrap list.
 *
 * <p>Touched only by the network actor's thread. A store that fails is logged and skipped: the
 * node carries on with what it knows in memory.
 */
final class PeerExchange {
    private static final Logger LOG = LoggerFactory.getLogger(PeerExchange.class);

    private final Dialler dialler;
    private final PeerStore store;

    PeerExchange(Dialler dialler, PeerStore store) {
        this.dialler = dialler;
        this.store = store;
    }

    /** At start: the peers remembered from earlier runs become dial hints. */
    void loadRemembered() {
        try {
            int taken = 0;
            for (PeerAddress address : store.load(Dialler.MAX_LEARNED)) {
                taken += dialler.learned(address, null) ? 1 : 0;
            }
            LOG.info("{} remembered peer(s) to dial", taken);
        } catch (RuntimeException e) {
            LOG.warn("could not read remembered peers: {}", e.toString());
        }
    }

    /** A new peer: remember where to dial it, tell it whom this node knows, tell the others of it. */
    void connected(PeerLink newcomer, Collection<? extends PeerLink> others, long nowMillis) {
        PeerAddress address = newcomer.dialAddress();
        if (address != null) {
            try {
                store.remember(address, nowMillis);
            } catch (RuntimeException e) {
                LOG.warn("could not remember {}: {}", address, e.toString());
            }
        }
        List<PeerLink> rest = others.stream().filter(o -> !o.peer().equals(newcomer.peer())).map(PeerLink.class::cast).toList();
        List<PeerAddress> known = rest.stream().map(PeerLink::dialAddress).filter(Objects::nonNull).toList();
        if (!known.isEmpty()) {
            newcomer.send(MessageType.PEERS, PeerList.encode(ByteBufAllocator.DEFAULT, known));
        }
        if (address != null) {
            for (PeerLink other : rest) {
                other.send(MessageType.PEERS, PeerList.encode(ByteBufAllocator.DEFAULT, List.of(address)));
            }
        }
    }

    /** {@code from} told us of these peers. */
    void received(Did from, List<PeerAddress> hints) {
        hints.forEach(hint -> dialler.learned(hint, from));
    }

    /** The dialler gave up on a learned peer: it is not redialled after a restart either. */
    void unreachable(Did peer) {
        try {
            store.forget(peer);
        } catch (RuntimeException e) {
            LOG.warn("could not forget {}: {}", peer, e.toString());
        }
    }
}
