package dev.baton.core.config;

import dev.baton.core.spi.Command;
import dev.baton.core.spi.Durations;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hooks:}: commands baton runs at points of a flip (README, "Hooks"). {@code before_flip} and
 * {@code after_healthy} are gates, whose failure fails the flip; {@code after_flip} and
 * {@code on_failure} are notifications, which never change its outcome.
 */
public record HooksConfig(Map<Kind, Hook> hooks) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final HooksConfig NONE = new HooksConfig(Map.of());

    /** When a hook runs. */
    public enum Kind {
        /** Before anything of the flip is spawned; a failure aborts it. */
        BEFORE_FLIP(true),
        /** After the new child's health check passed, before the takeover; a failure fails the flip. */
        AFTER_HEALTHY(true),
        /** After the flip committed. */
        AFTER_FLIP(false),
        /** After a flip failed or was rolled back. */
        ON_FAILURE(false);

        private final boolean gate;

        Kind(boolean gate) {
            this.gate = gate;
        }

        /** Its failure fails the flip. */
        public boolean gate() {
            return gate;
        }

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One hook: {@code command} runs in a process group of its own, killed with it after {@code timeout}. */
    public record Hook(Command command, Duration timeout) {
    }

    public HooksConfig {
        Map<Kind, Hook> m = new EnumMap<>(Kind.class);
        m.putAll(hooks);
        hooks = java.util.Collections.unmodifiableMap(m);
    }

    public Optional<Hook> get(Kind kind) {
        return Optional.ofNullable(hooks.get(kind));
    }

    public boolean isEmpty() {
        return hooks.isEmpty();
    }

    /** For {@code baton check}. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        hooks.forEach((kind, hook) -> {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("command", hook.command().argv());
            h.put("timeout", Durations.format(hook.timeout()));
            m.put(kind.yamlName(), h);
        });
        return m;
    }
}
