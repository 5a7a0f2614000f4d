package dev.baton.core.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One probation ({@code upgrade.probation}): from the moment the new generation is healthy, both
 * generations serve side by side until the timer posts {@link Event.ProbationOver} (the flip
 * commits) or the new one fails first (it rolls back). The length is the one of the config in
 * charge when the flip started: a new config can't waive the probation that is to catch it. Its
 * timer is cancelled when it ends either way. Loop thread only.
 */
final class Probation {
    private final long startNanos;
    private final Instant until;
    private final Scheduler scheduler;
    private Scheduler.Cancellable timer;

    private Probation(Scheduler scheduler, Duration length, Consumer<Event> post) {
        this.scheduler = scheduler;
        this.startNanos = scheduler.nanoTime();
        this.until = Instant.now().plus(length);
        this.timer = scheduler.schedule(length, () -> post.accept(new Event.ProbationOver(this)));
    }

    static Probation begin(Scheduler scheduler, Duration length, Consumer<Event> post) {
        return new Probation(scheduler, length, post);
    }

    /** When it passes if nothing fails, for {@code baton status}. */
    Instant until() {
        return until;
    }

    /** It ended (commit or rollback): the timer may not fire any more. */
    void end() {
        timer.cancel();
        timer = Scheduler.Cancellable.NONE;
    }

    /** How every rollback's reason starts. */
    static final String ROLLED_BACK = "rolled back: ";

    /** "rolled back: new child exited with code 3, 2.1 s into probation". */
    String rolledBack(String why) {
        double seconds = (scheduler.nanoTime() - startNanos) / 1e9;
        return ROLLED_BACK + why + ", " + String.format(Locale.ROOT, "%.1f", seconds) + " s into probation";
    }
}
