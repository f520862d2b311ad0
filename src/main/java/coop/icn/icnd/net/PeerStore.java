package coop.icn.icnd.net;

import coop.icn.icnd.identity.Did;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The peers this node has been connected to, kept across restarts (table {@code network_peers}):
 * at start they are dial hints like those learned from peers. Written on the network actor's
 * thread, once per new connection and per peer dropped as unreachable.
 */
public interface PeerStore {
    /** Remembered peers, most recently connected first, at most {@code limit}. */
    List<PeerAddress> load(int limit);

    /** {@code address} (which names its DID) answered: dial it there next time. */
    void remember(PeerAddress address, long nowMillis);

    void forget(Did peer);

    /** For a node without a database (benchmarks): remembers nothing. */
    static PeerStore none() {
        return new PeerStore() {
            @Override
            public List<PeerAddress> load(int limit) {
                return List.of();
            }

            @Override
            public void remember(PeerAddress address, long nowMillis) {
            }

            @Override
            public void forget(Did peer) {
            }
        };
    }

    static PeerStore of(Jdbi jdbi) {
        return new PeerStore() {
            @Override
            public List<PeerAddress> load(int limit) {
                return jdbi.withHandle(handle -> handle.createQuery("SELECT did, host, port FROM network_peers"
                                + " ORDER BY last_connected_ms DESC LIMIT :limit").bind("limit", limit)
                        .map((rs, ctx) -> {
                            try {
                                return new PeerAddress(Optional.of(Did.parse(rs.getString(1))), rs.getString(2), rs.getInt(3));
                            } catch (IllegalArgumentException corrupt) {
                                return null;
                            }
                        }).list()).stream().filter(java.util.Objects::nonNull).collect(ArrayList::new, List::add, List::addAll);
            }

            @Override
            public void remember(PeerAddress address, long nowMillis) {
                String did = address.did().orElseThrow().value();
                jdbi.useTransaction(handle -> {
                    handle.createUpdate("DELETE FROM network_peers WHERE did = :did").bind("did", did).execute();
                    handle.createUpdate("INSERT INTO network_peers (did, host, port, last_connected_ms)"
                                    + " VALUES (:did, :host, :port, :now)")
                            .bind("did", did).bind("host", address.host()).bind("port", address.port())
                            .bind("now", nowMillis).execute();
                });
            }

            @Override
            public void forget(Did peer) {
                jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM network_peers WHERE did = :did")
                        .bind("did", peer.value()).execute());
            }
        };
    }
}
