package dev.baton.core.supervisor;

import dev.baton.core.health.CheckPolicy;
import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckFailedException;
import dev.baton.core.spi.Probe;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs one serving generation's liveness probe (already told the child's pid) on a thread of its
 * own, from {@link #start} (the generation began to serve) until {@link #cancel} (it stops
 * serving, or its child exited):
 * {@code initial_delay}, then an attempt every {@code interval}, each within {@code timeout}.
 * It counts failed attempts in a row and posts {@link Event.LivenessFailed} at the first one past
 * {@code failures_allowed}, and again each further {@code failures_allowed + 1}, so the loop may
 * act again if what it did changed nothing; {@code successes} passes in a row end the streak with
 * {@link Event.LivenessRecovered}. A {@link Attempt.Waiting} neither counts nor breaks a streak.
 * {@code close()} always runs on this thread. Exists only when {@code liveness:} is configured.
 */
final class LivenessRun {
    private final Thread thread;

    LivenessRun(Generation g, Probe probe, CheckPolicy policy, CheckContext context, Consumer<Event> post) {
        this.thread = new Thread(() -> {
            try {
                if (!policy.initialDelay().isZero()) {
                    Thread.sleep(policy.initialDelay().toMillis());
                }
                watch(g, probe, policy, context, post);
            } catch (InterruptedException e) {
                // cancelled: the generation no longer serves
            } finally {
                probe.close();
            }
        }, "baton-liveness-" + g.number);
        thread.setDaemon(true);
    }

    private static void watch(Generation g, Probe probe, CheckPolicy policy, CheckContext context,
            Consumer<Event> post) throws InterruptedException {
        int failures = 0;
        int passes = 0;
        while (!Thread.currentThread().isInterrupted()) {
            Attempt result;
            long attemptStart = System.nanoTime();
            try {
                result = probe.attempt(context, policy.timeout());
            } catch (CheckFailedException e) {
                result = Attempt.fail(e.getMessage());
            } catch (RuntimeException e) {
                result = Attempt.fail("check error: " + e);
            }
            context.attempted(Duration.ofNanos(System.nanoTime() - attemptStart));
            if (result instanceof Attempt.Fail fail) {
                passes = 0;
                failures++;
                if (failures % (policy.failuresAllowed() + 1) == 0) {
                    post.accept(new Event.LivenessFailed(g, failures, fail.reason()));
                }
            } else if (result instanceof Attempt.Pass && failures > 0) {
                if (++passes >= policy.successes()) {
                    if (failures > policy.failuresAllowed()) {
                        post.accept(new Event.LivenessRecovered(g, failures));
                    }
                    failures = 0;
                    passes = 0;
                }
            }
            probe.pause(policy.interval());
        }
        throw new InterruptedException();
    }

    void start() {
        thread.start();
    }

    void cancel() {
        thread.interrupt();
    }

    /** Cancels it and waits, at most {@code limit}, until its probe has been closed. */
    void cancelAndAwaitClose(Duration limit) {
        thread.interrupt();
        try {
            thread.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean closed() {
        return thread.getState() == Thread.State.TERMINATED;
    }
}
