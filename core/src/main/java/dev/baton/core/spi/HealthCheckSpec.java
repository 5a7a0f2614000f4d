package dev.baton.core.spi;

import java.util.List;
import java.util.Map;

/**
 * A validated, immutable check definition, as a provider parsed it. Makes one {@link Probe} per
 * generation. Part of the health-check SPI, version 1.
 */
public interface HealthCheckSpec {

    String kind();

    /**
     * The check's own settings, for {@code baton check}: values are strings, numbers, booleans,
     * lists or maps. The policy keys (interval, timeout, ...) are added by baton.
     */
    Map<String, Object> describe();

    /** A fresh probe for one generation's child. */
    Probe newProbe();

    /** The addresses this check connects to, so baton can refuse checks that can't tell children apart. */
    default List<CheckTarget> targets() {
        return List.of();
    }
}
