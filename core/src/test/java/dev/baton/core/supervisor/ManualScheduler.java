package dev.baton.core.supervisor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Virtual time: nothing runs until {@link #advance}, which runs due actions in due order on the caller's thread. */
final class ManualScheduler implements Scheduler {
    private Duration now = Duration.ZERO;
    private long seq;

    /** Virtual time, so deadlines computed from it agree with {@link #advance}. */
    @Override
    public synchronized long nanoTime() {
        return now.toNanos();
    }

    private final List<Task> tasks = new ArrayList<>();

    private static final class Task {
        final Duration due;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Task(Duration due, long seq, Runnable action) {
            this.due = due;
            this.seq = seq;
            this.action = action;
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable action) {
        Task t = new Task(now.plus(delay), seq++, action);
        tasks.add(t);
        return () -> {
            synchronized (ManualScheduler.this) {
                t.cancelled = true;
                tasks.remove(t);
            }
        };
    }

    /** Moves the clock forward, running every action that falls due, earliest first. */
    void advance(Duration d) {
        Duration target;
        synchronized (this) {
            target = now.plus(d);
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream()
                        .filter(t -> !t.cancelled && t.due.compareTo(target) <= 0)
                        .min(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.seq))
                        .orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                now = next.due;
            }
            next.action.run();
        }
    }

    synchronized Duration now() {
        return now;
    }

    /** Timers scheduled and neither run nor cancelled. */
    synchronized int pending() {
        return tasks.size();
    }
}
