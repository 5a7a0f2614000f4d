package dev.baton.core.health;

import dev.baton.core.config.ConfigException;

/**
 * A kind of health check, found through {@link java.util.ServiceLoader}: built in, or from a plugin
 * jar in {@code $BATON_HOME/plugins/} that lists its providers in
 * {@code META-INF/services/dev.baton.core.health.HealthCheckProvider}.
 *
 * <p>This is baton's health-check SPI, version {@value #SPI_VERSION}: this interface,
 * {@link HealthCheckSpec}, {@link Probe}, {@link Attempt}, {@link CheckSettings}, {@link CheckContext},
 * {@link ChildLaunch}, {@link CheckTarget}, {@link ProbeResult} and {@link CheckFailedException}.
 * Within a version, changes are additions that keep existing plugins working (new default
 * methods); anything else raises the version. A plugin may declare the version it needs in its
 * manifest ({@code Baton-SPI-Version: 1}); baton refuses a plugin that needs a newer one.
 */
public interface HealthCheckProvider {
    int SPI_VERSION = 1;

    /** The key under {@code healthcheck:}, e.g. {@code http}: lower-case letters, digits and _. */
    String kind();

    /**
     * Validates the check's own keys once, at config load; no I/O beyond the file system. Throw
     * the {@link ConfigException} that {@link CheckSettings#error} makes for a bad value.
     */
    HealthCheckSpec parse(CheckSettings settings) throws ConfigException;
}
