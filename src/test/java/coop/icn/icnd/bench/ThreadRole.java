package coop.icn.icnd.bench;

/**
 * What a node's thread does, from its name as Linux shows it ({@code /proc/PID/task/TID/comm}, cut
 * to 15 characters): where a replicated entry's CPU goes. The JIT compiler is its own role, because
 * in a JVM a few minutes old it is a large share that a long-running node no longer pays.
 */
enum ThreadRole {
    SIGNATURES("signatures", "gossip-sign", "gossip-verify"),
    GOSSIP_ACTOR("gossip actor", "actor-gossip"),
    LEDGER_ACTOR("ledger actor", "actor-ledger"),
    QUIC("QUIC", "icnd-quic"),
    HTTP("HTTP", "dw-"),
    JIT_COMPILER("JIT compiler", "C1 CompilerThre", "C2 CompilerThre"),
    GC("GC", "GC Thread", "G1 ", "VM Thread"),
    /** Every other thread, and threads that ended between two readings. */
    OTHER("other");

    private final String label;
    private final String[] prefixes;

    ThreadRole(String label, String... prefixes) {
        this.label = label;
        this.prefixes = prefixes;
    }

    static ThreadRole of(String threadName) {
        for (ThreadRole role : values()) {
            for (String prefix : role.prefixes) {
                if (threadName.startsWith(prefix)) {
                    return role;
                }
            }
        }
        return OTHER;
    }

    @Override
    public String toString() {
        return label;
    }
}
