package dev.baton.core.supervisor;

import dev.baton.core.text.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one flip, restart or rollback did, once it ended: generations old → new, what started it,
 * how it flipped, how it ended and why, and how long each phase took. A phase lasts from the mark
 * before it (the trigger, for the first) to its own; phases that did not happen are absent, so
 * the phases add up to {@code total}. Field names are those of {@code baton status --json}.
 *
 * @param newChildPid the new generation's child, or -1 if none was spawned
 */
public record FlipRecord(long oldGeneration, long newGeneration, Trigger trigger, Mode mode, Result result,
        String reason, Instant started, Map<Phase, Duration> phases, Duration total, long newChildPid) {

    /** What started it. */
    public enum Trigger { SIGNAL, UPGRADE, RESTART, LIVENESS }

    /** How it flipped. */
    public enum Mode { IN_PLACE, REEXEC }

    public enum Result { COMMITTED, FAILED, ROLLED_BACK }

    /** The phases, in the order they happen (a flip may skip some: an in-place one has no new baton). */
    public enum Phase {
        NEW_BATON_STARTED("new baton started"), CONFIG_READ("config read"), CHILD_SPAWNED("child spawned"),
        HEALTHY("healthy"), TAKEOVER("takeover"), OLD_CHILD_SIGNALLED("old child signalled"),
        OLD_CHILD_GONE("old child gone"),
        /** A failed flip's last phase: from its last mark to the failure. */
        FAILED("failed");

        private final String words;

        Phase(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public FlipRecord {
        phases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    /** One line for the log: {@code flip 1 → 2 (signal, in place) committed in 1.23 s: config read 12 ms, ...}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(newGeneration == oldGeneration + 1 || trigger != Trigger.RESTART
                ? "flip " : "restart ");
        sb.append(oldGeneration).append(" → ").append(newGeneration).append(" (")
                .append(trigger.name().toLowerCase(Locale.ROOT)).append(", ")
                .append(mode == Mode.IN_PLACE ? "in place" : "re-exec").append(") ")
                .append(result.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" in ").append(ms(total));
        String sep = ": ";
        for (Map.Entry<Phase, Duration> e : phases.entrySet()) {
            sb.append(sep).append(e.getKey().words()).append(' ').append(ms(e.getValue()));
            sep = ", ";
        }
        if (newChildPid > 0) {
            sb.append("; child pid ").append(newChildPid);
        }
        if (reason != null) {
            sb.append("; ").append(reason);
        }
        return sb.toString();
    }

    /** The record as one JSON object (the history file's line, and an element of status's {@code flips}). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", trigger == Trigger.RESTART ? "restart" : result == Result.ROLLED_BACK ? "rollback" : "flip");
        m.put("old_generation", oldGeneration);
        m.put("generation", newGeneration);
        m.put("trigger", trigger.name().toLowerCase(Locale.ROOT));
        m.put("mode", mode.name().toLowerCase(Locale.ROOT));
        m.put("result", result.name().toLowerCase(Locale.ROOT));
        m.put("reason", reason);
        m.put("started", started.toString());
        m.put("total_ms", millis(total));
        Map<String, Object> p = new LinkedHashMap<>();
        phases.forEach((k, v) -> p.put(k.key() + "_ms", millis(v)));
        m.put("phases", p);
        m.put("child_pid", newChildPid);
        m.put("summary", summary());
        return Json.of(m);
    }

    private static double millis(Duration d) {
        return Math.round(d.toNanos() / 100_000.0) / 10.0;
    }

    private static String ms(Duration d) {
        double m = d.toNanos() / 1e6;
        return m >= 1000 ? String.format(Locale.ROOT, "%.2f s", m / 1000) : String.format(Locale.ROOT, "%.1f ms", m);
    }
}
