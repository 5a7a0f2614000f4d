package dev.baton.core.supervisor;

import dev.baton.core.health.HealthCheck;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckFailedException;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one generation's {@link HealthCheck#await} on a thread of its own and reports the
 * result as an event. {@link #cancel()} interrupts it; {@code close()} always runs on that
 * thread once {@code await} has returned. Before baton exits, {@link #cancelAndAwaitClose} makes
 * sure it has.
 */
final class CheckRun {
    private final Thread thread;
    private final HealthCheck check;

    CheckRun(Generation generation, HealthCheck check, CheckContext context, Consumer<Event> post) {
        this.check = check;
        this.thread = new Thread(() -> {
            try {
                check.await(context);
                post.accept(new Event.CheckPassed(generation));
            } catch (InterruptedException e) {
                // cancelled by the supervisor: it no longer cares
            } catch (CheckFailedException e) {
                post.accept(new Event.CheckFailed(generation, e.getMessage()));
            } catch (RuntimeException e) {
                post.accept(new Event.CheckFailed(generation, "check error: " + e));
            } finally {
                check.close();
            }
        }, "baton-check-" + generation.number);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void cancel() {
        thread.interrupt();
    }

    /** True once {@code close()} has run. */
    boolean closed() {
        return thread.getState() == Thread.State.TERMINATED;
    }

    /**
     * Cancels the check and waits, at most {@code limit}, until it has been closed: baton's last
     * step before it exits, so that what a check made for its child (a notify socket's directory)
     * is gone on every exit path.
     */
    void cancelAndAwaitClose(Duration limit) {
        thread.interrupt();
        try {
            thread.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The check's latest failure line, if it logged one. */
    Optional<String> lastFailure() {
        return check.lastFailure();
    }
}
