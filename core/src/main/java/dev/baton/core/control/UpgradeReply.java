package dev.baton.core.control;

/** The answer to one {@code baton upgrade}. Exactly one method is called, once, from the supervisor loop. */
public interface UpgradeReply {
    /** The client asked for a re-exec flip whatever the mode ({@code baton upgrade --reexec}). */
    default boolean reexec() {
        return false;
    }

    /** One phase of the flip, for a client that asked to follow it; any number of times before the answer. */
    default void progress(String line) {
    }

    /** No flip now (one is running, baton is starting or stopping): try again. */
    void busy(String why);

    void failed(String reason);

    /** The config is invalid, as the running baton (or its new baton) read it; no flip started. */
    default void invalid(String reason) {
        failed(reason);
    }

    /** The new generation took over; {@code oldBatonPid} exits once its child is gone (re-exec). */
    void succeeded(long generation, long batonPid, long childPid, long oldBatonPid);
}
