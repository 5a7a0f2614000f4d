package dev.baton.core.spi;

/**
 * A kind of health check, found through {@link java.util.ServiceLoader}: built in, or from a plugin
 * jar in {@code $BATON_HOME/plugins/} that lists its providers in
 * {@code META-INF/services/dev.baton.core.spi.HealthCheckProvider}.
 *
 * <p>This is baton's health-check SPI, version {@value #SPI_VERSION}: the package
 * {@code dev.baton.core.spi}, which depends on nothing else of baton. This interface,
 * {@link HealthCheckSpec}, {@link Probe}, {@link Attempt}, {@link CheckSettings},
 * {@link CheckConfigException}, {@link CheckContext}, {@link ChildLaunch}, {@link NotifySocket},
 * {@link CheckTarget}, {@link Command}, {@link ProbeResult} and {@link CheckFailedException}; and
 * {@link Quote} and {@link Durations}, so a plugin's messages and settings read like baton's own.
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
     * the {@link CheckConfigException} that {@link CheckSettings#error} makes for a bad value.
     */
    HealthCheckSpec parse(CheckSettings settings) throws CheckConfigException;
}
