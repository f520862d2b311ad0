package coop.icn.icnd.core;

/** Lifecycle of a supervised component. Only {@link #RUNNING} counts as active. */
public enum ActorState {
    NEW,
    RUNNING,
    /** The loop crashed; the supervisor restarts it after a backoff. */
    FAILED,
    STOPPING,
    STOPPED
}
