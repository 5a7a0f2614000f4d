package dev.baton.core.metrics;

import dev.baton.core.os.ChildExit;
import dev.baton.core.supervisor.FlipRecord;
import dev.baton.core.supervisor.SupervisorListener;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * baton's Prometheus metrics, kept from the supervisor's events and rendered in the text format
 * ({@link #render}). The flip and restart counts and the flip phase histograms come from the flip
 * history ({@code FlipHistory}, which must be an earlier listener): each record is counted once,
 * when it first shows up there, so a new baton starts from the old baton's counts and also counts
 * a flip whose record the old baton wrote. Events arrive on the loop thread, check attempts on
 * check threads, {@link #render} on the scrape's: every method locks.
 */
public final class BatonMetrics implements SupervisorListener {
    static final List<String> RESULTS = List.of("committed", "failed", "rolled_back");
    static final String TOTAL = "total";

    private final String version;
    private final Supplier<List<String>> history;
    private final Map<String, Long> flips = new LinkedHashMap<>();
    private final Map<String, Histogram> phases = new LinkedHashMap<>();
    private final Map<String, Histogram> checks = new LinkedHashMap<>();
    /** The history lines counted already, as the history last had them (older ones can't come back). */
    private Set<String> counted = Set.of();
    private long restarts;
    private long generation;
    private boolean childUp;
    private int draining;

    /** {@code history}: the flip history's records, oldest first, one JSON object each. */
    public BatonMetrics(String version, Supplier<List<String>> history) {
        this.version = version;
        this.history = history;
        RESULTS.forEach(r -> flips.put(r, 0L));
        for (FlipRecord.Phase p : FlipRecord.Phase.values()) {
            phases.put(p.key(), new Histogram(Histogram.FLIP_BUCKETS));
        }
        phases.put(TOTAL, new Histogram(Histogram.FLIP_BUCKETS));
        checks.put("readiness", new Histogram(Histogram.CHECK_BUCKETS));
        checks.put("liveness", new Histogram(Histogram.CHECK_BUCKETS));
        countHistory();
    }

    /** Counts the records of the history that were not counted yet. */
    private synchronized void countHistory() {
        List<String> lines = history.get();
        for (String line : lines) {
            if (!counted.contains(line)) {
                HistoryLine.parse(line).ifPresent(this::count);
            }
        }
        counted = new HashSet<>(lines);
    }

    private void count(HistoryLine line) {
        if (line.restart()) {
            restarts++;
            return;
        }
        flips.merge(line.result(), 1L, Long::sum);
        line.phaseSeconds().forEach((phase, seconds) -> {
            Histogram h = phases.get(phase);
            if (h != null) {
                h.observe(seconds);
            }
        });
        phases.get(TOTAL).observe(line.totalSeconds());
    }

    private synchronized void serving(long generation, boolean up) {
        this.generation = generation;
        this.childUp = up;
    }

    @Override
    public void ready(long generation, long childPid) {
        serving(generation, true);
    }

    @Override
    public void tookOver(long generation, long childPid) {
        serving(generation, true);
        countHistory();
    }

    @Override
    public void servingChanged(long generation, long childPid) {
        serving(generation, true);
    }

    @Override
    public synchronized void restarting(long generation, ChildExit exit, Duration backoff) {
        childUp = false;
    }

    @Override
    public void restartEnded(long generation, String failure) {
        if (failure == null) {
            serving(generation, true);
        }
    }

    @Override
    public void flipRecorded(FlipRecord record) {
        countHistory();
    }

    @Override
    public void flipEnded(long generation, String failure) {
        countHistory(); // a re-exec flip's record may be the old baton's
    }

    @Override
    public synchronized void draining(List<String> generations) {
        draining = generations.size();
    }

    @Override
    public synchronized void stopping() {
        childUp = false;
    }

    @Override
    public synchronized void checkAttempted(long generation, boolean liveness, Duration took) {
        checks.get(liveness ? "liveness" : "readiness").observe(took.toNanos() / 1e9);
    }

    /** The metrics in Prometheus's text format. */
    public synchronized String render() {
        MetricsText t = new MetricsText();
        t.family("baton_flips_total", "counter", "Flips and rollbacks that ended, by result (restarts are "
                + "baton_restarts_total).");
        flips.forEach((result, n) -> t.sample("baton_flips_total", n, "result", result));
        t.family("baton_flip_duration_seconds", "histogram", "How long each phase of a flip took, and the whole "
                + "flip (phase=\"total\"): from the mark before the phase to its own.");
        phases.forEach((phase, h) -> h.write(t, "baton_flip_duration_seconds", "phase", phase));
        t.family("baton_restarts_total", "counter", "Restarts of the serving child after it died (restart: or "
                + "liveness:), whatever their result.");
        t.sample("baton_restarts_total", restarts);
        t.family("baton_generation", "gauge", "The generation that serves.");
        t.sample("baton_generation", generation);
        t.family("baton_child_up", "gauge", "1 while the serving generation's child is up and was healthy, else 0.");
        t.sample("baton_child_up", childUp ? 1 : 0);
        t.family("baton_health_check_duration_seconds", "histogram", "How long one health check attempt took, "
                + "by check (readiness before a generation serves, liveness while it does).");
        checks.forEach((check, h) -> h.write(t, "baton_health_check_duration_seconds", "check", check));
        t.family("baton_draining_generations", "gauge", "Old generations draining in the background "
                + "(shutdown.max_draining).");
        t.sample("baton_draining_generations", draining);
        t.family("baton_build_info", "gauge", "baton's release, as a label; always 1.");
        t.sample("baton_build_info", 1, "version", version);
        return t.toString();
    }
}
