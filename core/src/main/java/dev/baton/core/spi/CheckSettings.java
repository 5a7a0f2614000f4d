package dev.baton.core.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A check's own keys, as a provider reads them. Every accessor validates its value and throws
 * a {@link CheckConfigException} that names the file, line, YAML path and value. Unknown keys are
 * rejected after {@link HealthCheckProvider#parse} returns, suggesting the closest known one.
 *
 * <p>The policy keys ({@code interval}, {@code timeout}, {@code initial_delay}, {@code successes},
 * {@code failures_allowed}) are baton's: a provider doesn't read them. Part of the health-check
 * SPI, version 1.
 */
public interface CheckSettings {

    /** The YAML path of this check, e.g. {@code healthcheck.http}. */
    String path();

    Optional<String> string(String key) throws CheckConfigException;

    String requireString(String key, String expected) throws CheckConfigException;

    Duration duration(String key, Duration defaultValue) throws CheckConfigException;

    int integer(String key, int defaultValue, int min) throws CheckConfigException;

    /** true/false (also yes/no). */
    boolean bool(String key, boolean defaultValue) throws CheckConfigException;

    /** A command (a list, or a string split into shell words), resolved like the child's. */
    Optional<Command> command(String key) throws CheckConfigException;

    /** A file path; a relative one is resolved against the config file's directory. */
    Optional<Path> path(String key, String expected) throws CheckConfigException;

    /** A mapping of names to string values, in file order; empty if the key is absent. */
    Map<String, String> stringMap(String key, String expected) throws CheckConfigException;

    /** An error about one key's value, in the standard one-line form. */
    CheckConfigException error(String key, String problem, String expected);

    /** An error about one entry of a mapping key, e.g. {@code headers.Host}. */
    CheckConfigException error(String key, String entry, String problem, String expected);
}
