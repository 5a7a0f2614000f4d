package dev.baton.core.supervisor;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Timers for the supervisor loop. A seam so the flip logic is tested without waiting. */
public interface Scheduler {

    /** Runs {@code action} once after {@code delay}, on a timer thread. */
    Cancellable schedule(Duration delay, Runnable action);

    /** The clock the delays are measured on. */
    default long nanoTime() {
        return System.nanoTime();
    }

    interface Cancellable {
        Cancellable NONE = () -> { };

        void cancel();
    }

    /** A single daemon timer thread. */
    static Scheduler system() {
        ScheduledExecutorService exec =
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "baton-timer");
                    t.setDaemon(true);
                    return t;
                });
        return (delay, action) -> {
            var f = exec.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
