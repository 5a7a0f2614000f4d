package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.spi.Durations;
import dev.baton.core.listen.HeldListeners;
import dev.baton.core.os.ChildExit;
import dev.baton.core.os.ChildProcess;
import dev.baton.core.os.Signal;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One generation: a config, the child spawned from it, and its check. Mutable, and touched
 * only by the supervisor loop thread.
 */
final class Generation {
    final long number;
    final BatonConfig config;
    final ChildProcess child;
    final Map<String, String> env;
    final HeldListeners.Prepared listeners;
    CheckRun check;
    /** Its liveness run, from when it began to serve; null if none runs (or none is configured). */
    LivenessRun liveness;
    /** Signals baton passed on to it: a death by one of them is not a failure. */
    final Set<Signal> forwarded = EnumSet.noneOf(Signal.class);
    Scheduler.Cancellable deadline = Scheduler.Cancellable.NONE;
    Scheduler.Cancellable stopTimer = Scheduler.Cancellable.NONE;

    boolean healthy;
    /** The flip to this generation failed; it is being killed. */
    boolean failed;
    /** Why the flip to this generation failed, when it did. */
    String failure;
    ChildExit exit;
    boolean gone;
    Stop stop = Stop.NONE;

    enum Stop { NONE, DELAYING, SIGNALLED, KILLED }

    Generation(long number, BatonConfig config, ChildProcess child, Map<String, String> env,
            HeldListeners.Prepared listeners) {
        this.number = number;
        this.config = config;
        this.child = child;
        this.env = env;
        this.listeners = listeners;
    }

    /** Its check threads no longer matter: interrupt them (each closes its check on its own). */
    void cancelCheck() {
        if (check != null) {
            check.cancel();
            check = null;
        }
        cancelLiveness();
    }

    /** It no longer serves (it is being stopped, or its child exited): its liveness run ends. */
    void cancelLiveness() {
        if (liveness != null) {
            liveness.cancel();
            liveness = null;
        }
    }

    /** Why it failed at its deadline: "not healthy within 5s (last: http check: 503 from ...)". */
    String notHealthyInTime() {
        return "not healthy within " + Durations.format(config.upgrade().timeout())
                + check.lastFailure().map(last -> " (last: " + last + ")").orElse("");
    }

    long pid() {
        return child.pid();
    }

    boolean running() {
        return exit == null;
    }

    @Override
    public String toString() {
        return "generation " + number + " (pid " + child.pid() + ")";
    }
}
