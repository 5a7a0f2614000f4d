package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A {@link ConfigSource} that answers scripted results first (a config, or a config error), then
 * falls back to a default per generation. Records the generation of every load.
 */
final class ScriptedConfigs implements ConfigSource {
    private final Deque<Object> script = new ArrayDeque<>();
    private final List<Long> loaded = new ArrayList<>();
    private final LongFunction<BatonConfig> fallback;

    ScriptedConfigs(LongFunction<BatonConfig> fallback) {
        this.fallback = fallback;
    }

    synchronized ScriptedConfigs then(BatonConfig config) {
        script.add(config);
        return this;
    }

    synchronized ScriptedConfigs thenFail(String message) {
        script.add(new ConfigException(message));
        return this;
    }

    @Override
    public synchronized BatonConfig load(long generation) throws ConfigException {
        loaded.add(generation);
        Object next = script.poll();
        if (next instanceof ConfigException e) {
            throw e;
        }
        if (next instanceof BatonConfig c) {
            return c;
        }
        return fallback.apply(generation);
    }

    synchronized List<Long> loaded() {
        return List.copyOf(loaded);
    }
}
