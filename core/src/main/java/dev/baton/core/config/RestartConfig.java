package dev.baton.core.config;

import dev.baton.core.spi.Durations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code restart.*}: what baton does when its serving child dies by itself. {@link Policy#NEVER}
 * (the default) exits the way the child did; the others start a new generation from the config in
 * charge after {@code backoff}, doubled for each restart already made within {@code within}, up to
 * {@code maxBackoff}; and give up (exit the way the child did) once {@code max} restarts were made
 * within {@code within}.
 */
public record RestartConfig(Policy policy, Duration backoff, Duration maxBackoff, int max, Duration within) {
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX = 5;
    public static final Duration DEFAULT_WITHIN = Duration.ofMinutes(10);
    public static final RestartConfig NEVER = new RestartConfig(Policy.NEVER, DEFAULT_BACKOFF, DEFAULT_MAX_BACKOFF,
            DEFAULT_MAX, DEFAULT_WITHIN);

    /** Which deaths of the serving child are restarted. */
    public enum Policy {
        /** None: baton exits the way its child did. */
        NEVER,
        /** A non-zero exit, or death by a signal that baton did not send. */
        ON_FAILURE,
        /** Any exit, code 0 included. */
        ALWAYS;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** For {@code baton check}. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", policy.yamlName());
        m.put("backoff", Durations.format(backoff));
        m.put("max_backoff", Durations.format(maxBackoff));
        m.put("max", max);
        m.put("within", Durations.format(within));
        return m;
    }
}
