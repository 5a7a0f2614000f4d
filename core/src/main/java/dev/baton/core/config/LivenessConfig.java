package dev.baton.core.config;

import dev.baton.core.health.PolicyPlan;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code liveness:}: a check of any kind (but {@code notify}), with the policy keys of
 * {@code healthcheck:}, that runs while a generation serves; and what baton does once more than
 * {@code failures_allowed} attempts in a row have failed.
 */
public record LivenessConfig(PolicyPlan check, Action action) {

    public enum Action {
        /** A flip, in place, to a fresh generation of the config in charge. */
        REPLACE,
        /** baton stops its child and exits with {@code ExitCodes.LIVENESS_FAILED}. */
        EXIT,
        /** Only a log line, once per streak of failures. */
        LOG;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** For {@code baton check}. */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(check.kind(), new LinkedHashMap<>(check.describe()));
        m.put("action", action.yamlName());
        return m;
    }
}
