package dev.baton.core.supervisor;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Timers for the supervisor loop. A seam so the flip logic is tested without waiting. */
public interface Scheduler {
    /** How long the system timer's thread outlives its last timer. */
    Duration IDLE_END = Duration.ofSeconds(2);

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

    /**
     * A single daemon timer thread that ends after {@code IDLE_END} with nothing scheduled (an idle
     * baton holds no timer thread) and is started again by the next {@link #schedule}. Cancelled
     * timers leave the queue at once, so they don't keep it alive.
     */
    static Scheduler system() {
        ScheduledThreadPoolExecutor exec = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "baton-timer");
            t.setDaemon(true);
            return t;
        });
        exec.setKeepAliveTime(IDLE_END.toMillis(), TimeUnit.MILLISECONDS);
        exec.allowCoreThreadTimeOut(true);
        exec.setRemoveOnCancelPolicy(true);
        return (delay, action) -> {
            var f = exec.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
