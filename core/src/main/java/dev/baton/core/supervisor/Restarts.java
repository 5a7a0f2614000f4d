package dev.baton.core.supervisor;

import dev.baton.core.config.RestartConfig;
import dev.baton.core.os.ChildExit;
import dev.baton.core.os.Signal;
import dev.baton.core.spi.Durations;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Restart in place: what the death of the serving child leads to under {@code restart:}. A death
 * the policy restarts, within the budget ({@code max} restarts within {@code within}), arms a
 * backoff timer, {@code backoff} doubled for each restart already made within the window, capped
 * at {@code max_backoff}; its {@link Event.RestartDue} makes the loop start the new generation,
 * as an in-place flip from the config in charge. A restart whose new child fails comes back here
 * and counts again. Past the budget, or under {@code policy: never}, the verdict is to give up:
 * baton exits the way the child did. Loop thread only.
 */
final class Restarts {
    /** What the loop must do with the dead generation. */
    sealed interface Verdict {
        /** Stop: baton ends the way the child did. */
        record GiveUp() implements Verdict {
        }

        /** A {@link Event.RestartDue} comes after the backoff; meanwhile a flip request is queued. */
        record Backoff(Duration delay) implements Verdict {
        }
    }

    private final Scheduler scheduler;
    private final Consumer<Event> post;
    private final SupervisorListener listener;
    /** When each restart within the window was decided, oldest first. */
    private final Deque<Long> recent = new ArrayDeque<>();
    private boolean pending;

    Restarts(Scheduler scheduler, Consumer<Event> post, SupervisorListener listener) {
        this.scheduler = scheduler;
        this.post = post;
        this.listener = listener;
    }

    /**
     * The serving generation {@code g} is dead; {@code failedRestart} is why the restart that was to
     * replace it failed, or null when it just died. Logs one line either way.
     */
    Verdict died(Generation g, String failedRestart) {
        RestartConfig r = g.config.restart();
        String what = failedRestart == null ? "child " + g.exit.describe() : "restart failed: " + failedRestart;
        pending = false;
        if (!restarts(r.policy(), g)) {
            Lifecycle.warn(g, what);
            return new Verdict.GiveUp();
        }
        long now = scheduler.nanoTime();
        while (!recent.isEmpty() && now - recent.peekFirst() >= r.within().toNanos()) {
            recent.pollFirst();
        }
        String window = " within " + Durations.format(r.within());
        if (recent.size() >= r.max()) {
            Lifecycle.warn(g, what + "; giving up: " + recent.size() + " restarts" + window + " (restart.max: "
                    + r.max() + "); exiting as the child did");
            return new Verdict.GiveUp();
        }
        Duration delay = backoff(r, recent.size());
        recent.addLast(now);
        pending = true;
        Lifecycle.warn(g, what + "; restart " + recent.size() + " of " + r.max() + window + " in "
                + Durations.format(delay) + " as generation " + (g.number + 1));
        listener.restarting(g.number + 1, g.exit, delay);
        scheduler.schedule(delay, () -> post.accept(new Event.RestartDue(g)));
        return new Verdict.Backoff(delay);
    }

    /**
     * The backoff after {@code dead}'s death is over: its restart starts, always in place and from
     * the config in charge (this baton is not what broke). Empty if it did, else why it failed at once.
     */
    Optional<String> start(Generation dead, InPlaceFlip inPlace) {
        Optional<String> failed = inPlace.startFrom(dead.config, dead.number + 1, InPlaceFlip.Trigger.RESTART);
        failed.ifPresent(reason -> ended(dead.number + 1, reason));
        return failed;
    }

    /** From a death until its restart has ended (taken over, or failed and come back here). */
    boolean pending() {
        return pending;
    }

    /** The restart as {@code generation} has ended ({@code failure}: null if it took over); a failed one comes back through {@link #died}. */
    void ended(long generation, String failure) {
        pending = false;
        listener.restartEnded(generation, failure);
    }

    /** {@code backoff * 2^made}, capped at {@code max_backoff}. */
    static Duration backoff(RestartConfig r, int made) {
        Duration d = r.backoff();
        for (int i = 0; i < made && d.compareTo(r.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(r.maxBackoff()) > 0 ? r.maxBackoff() : d;
    }

    /** on-failure: a non-zero exit, or a signal that baton did not pass on to the child. */
    private static boolean restarts(RestartConfig.Policy policy, Generation g) {
        return switch (policy) {
            case NEVER -> false;
            case ALWAYS -> true;
            case ON_FAILURE -> g.exit instanceof ChildExit.Exited e ? e.code() != 0
                    : !(g.exit instanceof ChildExit.Signaled s) || g.forwarded.stream().noneMatch(
                            (Signal f) -> f.number() == s.signal());
        };
    }
}
