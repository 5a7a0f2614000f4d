package dev.baton.core.config;

import dev.baton.core.health.HealthChecks;
import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.CheckSettings;
import dev.baton.core.spi.Command;
import dev.baton.core.spi.Durations;
import dev.baton.core.spi.HealthCheckProvider;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Probe;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The check kinds core's config tests load with: core can't see the real ones (the healthcheck
 * module depends on core), so these two read their keys the way the built-in {@code alive} and
 * {@code exec} do, which is all the loader's own tests need (the default check, and a command in a
 * check's settings). Their probes never run here.
 */
final class TestChecks {
    private TestChecks() {
    }

    static HealthChecks all() {
        return HealthChecks.of(List.of(new Alive(), new Exec()));
    }

    /** {@code alive: {duration: 1s}}, the loader's default check. */
    private static final class Alive implements HealthCheckProvider {
        @Override
        public String kind() {
            return "alive";
        }

        @Override
        public HealthCheckSpec parse(CheckSettings settings) throws CheckConfigException {
            Duration duration = settings.duration("duration", Duration.ofSeconds(1));
            return new Spec("alive", Map.of("duration", Durations.format(duration)));
        }
    }

    /** {@code exec: {command: [...]}}: the command is read and resolved like the child's. */
    private static final class Exec implements HealthCheckProvider {
        @Override
        public String kind() {
            return "exec";
        }

        @Override
        public HealthCheckSpec parse(CheckSettings settings) throws CheckConfigException {
            Command command = settings.command("command")
                    .orElseThrow(() -> settings.error("command", "`command` is missing", "the probe to run"));
            return new Spec("exec", Map.of("command", command.argv()));
        }
    }

    private record Spec(String kind, Map<String, Object> describe) implements HealthCheckSpec {
        @Override
        public Probe newProbe() {
            return (context, timeout) -> Attempt.fail("a test check of core's config tests never runs");
        }
    }
}
