package dev.baton.healthcheck;

import dev.baton.core.config.ConfigException;
import dev.baton.core.config.Durations;
import dev.baton.core.health.CheckContext;
import dev.baton.core.health.CheckSettings;
import dev.baton.core.health.HealthCheck;
import dev.baton.core.health.HealthCheckProvider;
import dev.baton.core.health.HealthCheckSpec;

import java.time.Duration;
import java.util.Map;

/** {@code alive: {duration: 1s}}: healthy if the child is still running after {@code duration}. */
public final class AliveCheckProvider implements HealthCheckProvider {
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(1);

    @Override
    public String kind() {
        return "alive";
    }

    @Override
    public HealthCheckSpec parse(CheckSettings settings) throws ConfigException {
        Duration duration = settings.duration("duration", DEFAULT_DURATION);
        return new Spec(duration);
    }

    record Spec(Duration duration) implements HealthCheckSpec {
        @Override
        public String kind() {
            return "alive";
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("duration", Durations.format(duration));
        }

        @Override
        public HealthCheck newCheck() {
            return new HealthCheck() {
                @Override
                public void await(CheckContext context) throws InterruptedException {
                    // the supervisor sees the child's exit itself and cancels this wait
                    Thread.sleep(duration.toMillis());
                    context.stateChanged("alive check passed: still running after " + Durations.format(duration));
                }
            };
        }
    }
}
