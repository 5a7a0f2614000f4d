package dev.baton.core.health;

import dev.baton.core.config.ConfigException;
import dev.baton.core.config.Durations;
import dev.baton.core.config.Quote;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys every polling check shares: {@code interval} between attempts, {@code timeout} per
 * attempt, {@code initial_delay} before the first, and {@code successes} in a row needed.
 */
public record PollSettings(Duration interval, Duration timeout, Duration initialDelay, int successes) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    public static PollSettings read(CheckSettings s) throws ConfigException {
        Duration interval = s.duration("interval", DEFAULT_INTERVAL);
        if (interval.toMillis() < 1) {
            throw s.error("interval", Quote.value(Durations.format(interval)) + " is too short", "at least 1ms");
        }
        Duration timeout = s.duration("timeout", DEFAULT_TIMEOUT);
        if (timeout.toMillis() < 1) {
            throw s.error("timeout", Quote.value(Durations.format(timeout)) + " is too short", "at least 1ms");
        }
        Duration initialDelay = s.duration("initial_delay", Duration.ZERO);
        int successes = s.integer("successes", 1, 1);
        return new PollSettings(interval, timeout, initialDelay, successes);
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interval", Durations.format(interval));
        m.put("timeout", Durations.format(timeout));
        m.put("initial_delay", Durations.format(initialDelay));
        m.put("successes", successes);
        return m;
    }
}
