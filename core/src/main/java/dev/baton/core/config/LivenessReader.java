package dev.baton.core.config;

import dev.baton.core.health.AllSpec;
import dev.baton.core.health.CheckPolicy;
import dev.baton.core.health.HealthChecks;
import dev.baton.core.health.PolicyPlan;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Quote;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code liveness:}: one check written as under {@code healthcheck:} (any kind but
 * {@code notify}, or {@code all:}), with the same policy keys in the same places, and
 * {@code action:} next to it. The defaults suit a check that runs for as long as the child serves.
 */
final class LivenessReader {
    /** Every 5s, 1s per attempt, action at the third failure in a row. */
    static final CheckPolicy DEFAULTS = new CheckPolicy(Duration.ofSeconds(5), CheckPolicy.DEFAULT_TIMEOUT,
            Duration.ZERO, 1, 2);
    private static final String ACTIONS = "replace, exit or log";
    private static final String NOTIFY = "notify";

    private final HealthChecks checks;

    LivenessReader(HealthChecks checks) {
        this.checks = checks;
    }

    Optional<LivenessConfig> read(ConfigMap top, ReadContext ctx) throws ConfigException {
        Optional<ConfigNode> n = top.get("liveness");
        if (n.isEmpty()) {
            return Optional.empty();
        }
        ConfigMap m = n.get().map("a check and an action, e.g. liveness: {http: {url: "
                + "\"http://127.0.0.1:8080/health\"}, action: replace}");
        LivenessConfig.Action action = LivenessConfig.Action.REPLACE;
        Optional<ConfigNode> a = m.get("action");
        if (a.isPresent()) {
            String text = a.get().text(ACTIONS);
            action = switch (text.toLowerCase(Locale.ROOT)) {
                case "replace" -> LivenessConfig.Action.REPLACE;
                case "exit" -> LivenessConfig.Action.EXIT;
                case "log" -> LivenessConfig.Action.LOG;
                default -> throw a.get().error(Quote.value(text) + " is not a liveness action", ACTIONS);
            };
        }
        PolicyPlan check = new HealthcheckReader(checks).readCheck(n.get(), ctx, DEFAULTS, Set.of("action"));
        for (HealthCheckSpec spec : members(check.spec())) {
            if (spec.kind().equals(NOTIFY)) {
                throw n.get().error("the notify check can't be a liveness check (READY=1 comes once, at start)",
                        "a check that asks the child, e.g. http, tcp, unix or exec");
            }
        }
        return Optional.of(new LivenessConfig(check, action));
    }

    private static List<HealthCheckSpec> members(HealthCheckSpec spec) {
        return spec instanceof AllSpec all ? all.members().stream().map(AllSpec.Member::spec).toList() : List.of(spec);
    }
}
