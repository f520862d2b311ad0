package coop.icn.icnd.core;

/** Something the supervisor starts, counts and reports on: an actor, or the RPC endpoint. */
public interface Supervised {
    String name();

    ActorState state();
}
