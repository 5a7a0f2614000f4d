package dev.baton.core.config;

import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.CheckSettings;
import dev.baton.core.spi.Command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A check's mapping as its provider reads it, through the SPI: the same reads as baton's own keys,
 * their {@link ConfigException}s handed over as {@link CheckConfigException}s with the same one-line
 * text ({@link HealthcheckReader} turns them back). The keys asked for become known to the mapping.
 */
final class ProviderSettings implements CheckSettings {
    private final ConfigMap map;

    ProviderSettings(ConfigMap map) {
        this.map = map;
    }

    private static CheckConfigException handed(ConfigException e) {
        return new CheckConfigException(e.getMessage());
    }

    @Override
    public String path() {
        return map.path();
    }

    @Override
    public Optional<String> string(String key) throws CheckConfigException {
        try {
            return map.string(key);
        } catch (ConfigException e) {
            throw handed(e);
        }
    }

    @Override
    public String requireString(String key, String expected) throws CheckConfigException {
        try {
            return map.requireString(key, expected);
        } catch (ConfigException e) {
            throw handed(e);
        }
    }

    @Override
    public Duration duration(String key, Duration defaultValue) throws CheckConfigException {
        try {
            return map.duration(key, defaultValue);
        } catch (ConfigException e) {
            throw handed(e);
        }
    }

    @Override
    public int integer(String key, int defaultValue, int min) throws CheckConfigException {
        try {
            return map.integer(key, defaultValue, min);
        } catch (ConfigException e) {
            throw handed(e);
        }
    }

    @Override
    public boolean bool(String key, boolean defaultValue) throws CheckConfigException {
        try {
            return map.bool(key, defaultValue);
        } catch (ConfigException e) {
            throw handed(e);
        }
    }

    @Override
    public Optional<Command> command(String key) throws CheckConfigException {
        try {
            return map.command(key);
        } catch (ConfigException e) {
            throw handed(e);
        }
    }

    @Override
    public Optional<Path> path(String key, String expected) throws CheckConfigException {
        try {
            return map.path(key, expected);
        } catch (ConfigException e) {
            throw handed(e);
        }
    }

    @Override
    public Map<String, String> stringMap(String key, String expected) throws CheckConfigException {
        try {
            return map.stringMap(key, expected);
        } catch (ConfigException e) {
            throw handed(e);
        }
    }

    @Override
    public CheckConfigException error(String key, String problem, String expected) {
        return handed(map.error(key, problem, expected));
    }

    @Override
    public CheckConfigException error(String key, String entry, String problem, String expected) {
        return handed(map.error(key, entry, problem, expected));
    }
}
