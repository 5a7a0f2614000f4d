package dev.baton.core.health;

import dev.baton.core.spi.CheckTarget;

import java.util.List;
import java.util.Map;

/**
 * The configured health check, as the supervisor uses it: makes one {@link HealthCheck} per
 * generation. Not part of the plugin SPI.
 */
public interface CheckPlan {

    String kind();

    /** Effective settings, for {@code baton check}. */
    Map<String, Object> describe();

    List<CheckTarget> targets();

    HealthCheck newCheck();
}
