package dev.baton.healthcheck.alive;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckSettings;
import dev.baton.core.spi.Durations;
import dev.baton.core.spi.HealthCheckProvider;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Probe;

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
    public HealthCheckSpec parse(CheckSettings settings) throws CheckConfigException {
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
        public Probe newProbe() {
            return new Probe() {
                private long startedAt;

                @Override
                public void started(long childPid) {
                    startedAt = System.nanoTime();
                }

                @Override
                public Attempt attempt(CheckContext context, Duration timeout) {
                    // the supervisor sees the child's exit itself and stops the check
                    return System.nanoTime() - startedAt >= duration.toNanos() ? Attempt.PASS
                            : Attempt.waiting("running for less than " + Durations.format(duration));
                }

                @Override
                public void pause(Duration interval) throws InterruptedException {
                    long left = duration.toNanos() - (System.nanoTime() - startedAt);
                    Thread.sleep(Math.max(1, Math.min(interval.toMillis(), (left + 999_999) / 1_000_000)));
                }
            };
        }
    }
}
