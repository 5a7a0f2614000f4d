package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.os.ChildExit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the supervisor tells the rest of baton about its life: logging set-up follows the config
 * in charge, {@code notify.SystemdReporter} speaks sd_notify, {@link StatusBoard} feeds
 * {@code baton status}. All methods are called on the supervisor loop thread (but
 * {@link #forwardNotification}) and must return quickly.
 */
public interface SupervisorListener {
    SupervisorListener NONE = new SupervisorListener() {
    };

    /** A generation's config is now the one in charge (at start and after each flip). */
    default void configApplied(BatonConfig config) {
    }

    /** The first child is healthy. */
    default void ready(long generation, long childPid) {
    }

    default void flipStarted(long generation) {
    }

    /** A flip, restart or rollback ended, and this is its record (before {@link #flipEnded} for a flip). */
    default void flipRecorded(FlipRecord record) {
    }

    /** A flip ended; {@code failure} is null if the new generation took over. */
    default void flipEnded(long generation, String failure) {
    }

    default void stopping() {
    }

    /** Re-exec, old baton: a new baton sent READY and got ACK; this baton now stops its child and exits. */
    default void handedOver(long newBatonPid) {
    }

    /** Re-exec, new baton: the old baton accepted the handover; this baton is in charge now. */
    default void tookOver(long generation, long childPid) {
    }

    /**
     * Re-exec, new baton: the old baton has exited and this baton is now the child of whoever
     * adopted it (systemd); {@code placeholderPid} is another live process of this baton's.
     */
    default void oldBatonGone(long placeholderPid) {
    }

    /** The serving child died ({@code exit}); generation {@code generation} starts after {@code backoff}. */
    default void restarting(long generation, ChildExit exit, Duration backoff) {
    }

    /** The restart as {@code generation} ended; {@code failure} is null if it took over. */
    default void restartEnded(long generation, String failure) {
    }

    /**
     * The new generation {@code generation} is healthy and serves on probation beside the old one
     * until {@code until}; the flip is final only then. A rollback is {@link #servingChanged} back
     * to the old one, then {@link #flipEnded} with the reason.
     */
    default void probationStarted(long generation, long childPid, Instant until) {
    }

    /** The old generations draining in the background (shutdown.max_draining), one line each; empty: none. */
    default void draining(List<String> generations) {
    }

    /** In-place: a new generation took over (or, after a rollback, the old one serves alone again). */
    default void servingChanged(long generation, long childPid) {
    }

    /**
     * One health check attempt of generation {@code generation} took {@code took}: its readiness
     * check, or ({@code liveness}) its liveness check. Called on the check's thread.
     */
    default void checkAttempted(long generation, boolean liveness, Duration took) {
    }

    /** A child's sd_notify message to pass on to baton's service manager. Any thread. */
    default void forwardNotification(String message) {
    }

    /** All of {@code listeners}, in order. */
    static SupervisorListener all(SupervisorListener... listeners) {
        return new CompositeListener(List.of(listeners));
    }
}
