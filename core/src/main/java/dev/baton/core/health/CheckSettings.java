package dev.baton.core.health;

import dev.baton.core.config.Command;
import dev.baton.core.config.ConfigException;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A check's own keys, as a provider reads them. Every accessor validates its value and throws
 * a {@link ConfigException} that names the file, line, YAML path and value. Call
 * {@link #finish()} last: it rejects keys nobody asked for.
 */
public interface CheckSettings {

    /** The YAML path of this check, e.g. {@code healthcheck.http}. */
    String path();

    Optional<String> string(String key) throws ConfigException;

    String requireString(String key, String expected) throws ConfigException;

    Duration duration(String key, Duration defaultValue) throws ConfigException;

    int integer(String key, int defaultValue, int min) throws ConfigException;

    /** A command (a list, or a string split into shell words), resolved like the child's. */
    Optional<Command> command(String key) throws ConfigException;

    /** An error about one key's value, in the standard one-line form. */
    ConfigException error(String key, String problem, String expected);

    /** Rejects unknown keys, suggesting the closest known one. */
    void finish() throws ConfigException;
}
