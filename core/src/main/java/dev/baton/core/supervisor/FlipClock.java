package dev.baton.core.supervisor;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Times the flip in progress, for its {@link FlipRecord}: {@link #begin} at the trigger, a mark
 * per phase as the loop and the two sides of a flip see it happen (the first mark of a phase
 * counts), and {@link #end} when the flip has ended. One flip at a time, as the loop runs them;
 * marks while none runs are ignored. Loop thread only; no logging here.
 */
final class FlipClock {
    private final Scheduler scheduler;
    private FlipRecord.Trigger trigger;
    private FlipRecord.Mode mode;
    private long oldGeneration;
    private long newGeneration;
    private Instant started;
    private long t0;
    private final Map<FlipRecord.Phase, Long> marks = new EnumMap<>(FlipRecord.Phase.class);
    private long childPid = -1;

    private java.util.function.Consumer<String> progress = line -> { };

    FlipClock(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Told each phase as it is marked, in words ({@code baton upgrade}'s progress lines). */
    void onProgress(java.util.function.Consumer<String> sink) {
        progress = sink;
    }

    void begin(FlipRecord.Trigger why, FlipRecord.Mode how, long old, long next) {
        trigger = why;
        mode = how;
        oldGeneration = old;
        newGeneration = next;
        started = Instant.now();
        t0 = scheduler.nanoTime();
        marks.clear();
        childPid = -1;
    }

    boolean running() {
        return trigger != null;
    }

    void mark(FlipRecord.Phase phase) {
        mark(phase, "");
    }

    /** {@code detail}: what the progress line adds to the phase's words ({@code " (pid 4188)"}). */
    void mark(FlipRecord.Phase phase, String detail) {
        if (running() && marks.putIfAbsent(phase, scheduler.nanoTime()) == null) {
            progress.accept(phase.words() + detail);
        }
    }

    /** The new child exists now ({@code pid}). */
    void spawned(long pid) {
        mark(FlipRecord.Phase.CHILD_SPAWNED, " (pid " + pid + ")");
        if (running()) {
            childPid = pid;
        }
    }

    /** The new child is {@code pid} (re-exec: as READY says; its spawn is the new baton's). */
    void child(long pid) {
        if (running()) {
            childPid = pid;
        }
    }

    /** A generation was signalled to stop: a mark if it is this flip's old one. */
    void signalled(Generation g) {
        if (running() && g.number == oldGeneration) {
            mark(FlipRecord.Phase.OLD_CHILD_SIGNALLED);
        }
    }

    /** A generation's group is gone: a mark if it is this flip's old one. */
    void gone(Generation g) {
        if (running() && g.number == oldGeneration) {
            mark(FlipRecord.Phase.OLD_CHILD_GONE);
        }
    }

    /** The flip ended ({@code failure}: why not, or null); its record, or empty if none was timed. */
    Optional<FlipRecord> end(String failure) {
        if (!running()) {
            return Optional.empty();
        }
        long end = scheduler.nanoTime();
        Map<FlipRecord.Phase, Duration> phases = new LinkedHashMap<>();
        long before = t0;
        for (Map.Entry<FlipRecord.Phase, Long> e : marks.entrySet()) { // EnumMap: in phase order
            long at = Math.max(e.getValue(), before);
            phases.put(e.getKey(), Duration.ofNanos(at - before));
            before = at;
        }
        if (failure != null) {
            phases.put(FlipRecord.Phase.FAILED, Duration.ofNanos(Math.max(0, end - before)));
        }
        FlipRecord.Result result = failure == null ? FlipRecord.Result.COMMITTED
                : failure.startsWith(Probation.ROLLED_BACK) ? FlipRecord.Result.ROLLED_BACK : FlipRecord.Result.FAILED;
        FlipRecord r = new FlipRecord(oldGeneration, newGeneration, trigger, mode, result, failure, started, phases,
                Duration.ofNanos(end - t0), childPid);
        trigger = null;
        return Optional.of(r);
    }
}
