package dev.baton.core.health;

import dev.baton.core.config.ConfigException;

/**
 * A kind of health check, found through {@link java.util.ServiceLoader}. This is baton's
 * health-check SPI, version 1: providers are registered in
 * {@code META-INF/services/dev.baton.core.health.HealthCheckProvider}.
 */
public interface HealthCheckProvider {

    /** The key under {@code healthcheck:}, e.g. {@code http}. */
    String kind();

    /** Validates the check's keys once, at config load; no I/O beyond the file system. */
    HealthCheckSpec parse(CheckSettings settings) throws ConfigException;
}
