package dev.baton.core.health;

import java.util.Map;

/** A validated, immutable check definition. Makes one {@link HealthCheck} per generation. */
public interface HealthCheckSpec {

    String kind();

    /** Effective settings, for {@code baton check}. Values are strings, numbers or lists. */
    Map<String, Object> describe();

    HealthCheck newCheck();

    /** The TCP addresses this check connects to; none by default. */
    default java.util.List<CheckTarget> targets() {
        return java.util.List.of();
    }
}
