package dev.baton.core.health;

import dev.baton.core.spi.Durations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How baton runs a check's attempts, the same for every kind: {@code interval} between attempts,
 * {@code timeout} per attempt, {@code initial_delay} before the first, {@code successes} passes
 * needed, and {@code failures_allowed} failed attempts forgiven once the passes have begun.
 */
public record CheckPolicy(Duration interval, Duration timeout, Duration initialDelay, int successes,
        int failuresAllowed) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final CheckPolicy DEFAULT = new CheckPolicy(DEFAULT_INTERVAL, DEFAULT_TIMEOUT, Duration.ZERO, 1, 0);

    /** The keys this record reads, reserved in every check's settings. */
    public static final List<String> KEYS =
            List.of("interval", "timeout", "initial_delay", "successes", "failures_allowed");

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interval", Durations.format(interval));
        m.put("timeout", Durations.format(timeout));
        m.put("initial_delay", Durations.format(initialDelay));
        m.put("successes", successes);
        m.put("failures_allowed", failuresAllowed);
        return m;
    }
}
