package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigException;

/** Reads the config afresh for a generation (at every flip). */
@FunctionalInterface
public interface ConfigSource {
    BatonConfig load(long generation) throws ConfigException;
}
