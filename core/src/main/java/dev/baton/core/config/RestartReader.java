package dev.baton.core.config;

import dev.baton.core.spi.Durations;
import dev.baton.core.spi.Quote;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** Reads {@code restart:}: {@code {policy: never|on-failure|always, backoff, max_backoff, max, within}}. */
final class RestartReader {
    private static final String POLICIES = "never, on-failure or always";

    private RestartReader() {
    }

    static RestartConfig read(ConfigMap top) throws ConfigException {
        Optional<ConfigNode> n = top.get("restart");
        if (n.isEmpty()) {
            return RestartConfig.NEVER;
        }
        ConfigMap m = n.get().map("a mapping with policy, backoff, max_backoff, max, within, e.g. "
                + "restart: {policy: on-failure}");
        ConfigNode p = m.require("policy", POLICIES);
        String text = p.text(POLICIES);
        RestartConfig.Policy policy = switch (text.toLowerCase(Locale.ROOT)) {
            case "never" -> RestartConfig.Policy.NEVER;
            case "on-failure", "on_failure" -> RestartConfig.Policy.ON_FAILURE;
            case "always" -> RestartConfig.Policy.ALWAYS;
            default -> throw p.error(Quote.value(text) + " is not a restart policy", POLICIES);
        };
        Duration backoff = positive(m, "backoff", RestartConfig.DEFAULT_BACKOFF);
        Duration maxBackoff = positive(m, "max_backoff", RestartConfig.DEFAULT_MAX_BACKOFF.compareTo(backoff) < 0
                ? backoff : RestartConfig.DEFAULT_MAX_BACKOFF);
        if (maxBackoff.compareTo(backoff) < 0) {
            throw m.error("max_backoff", Quote.value(Durations.format(maxBackoff)) + " is shorter than backoff ("
                    + Durations.format(backoff) + ")", "at least the backoff");
        }
        int max = m.integer("max", RestartConfig.DEFAULT_MAX, 1);
        Duration within = positive(m, "within", RestartConfig.DEFAULT_WITHIN);
        m.finish();
        return new RestartConfig(policy, backoff, maxBackoff, max, within);
    }

    private static Duration positive(ConfigMap m, String key, Duration defaultValue) throws ConfigException {
        Optional<ConfigNode> n = m.get(key);
        return n.isPresent() ? n.get().positiveDuration() : defaultValue;
    }
}
