package dev.baton.core.config;

import dev.baton.core.spi.Command;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code hooks: {before_flip, after_healthy, after_flip, on_failure}}, each
 * {@code {command: [...], timeout: 30s}}.
 */
final class HooksReader {
    private static final String EXPECTED = "a mapping of before_flip, after_healthy, after_flip, on_failure, e.g. "
            + "hooks: {before_flip: {command: [./migrate.sh], timeout: 30s}}";
    private static final String HOOK = "a mapping with command and timeout, e.g. {command: [./smoke.sh], timeout: 30s}";

    private HooksReader() {
    }

    static HooksConfig read(ConfigMap top) throws ConfigException {
        Optional<ConfigNode> n = top.get("hooks");
        if (n.isEmpty()) {
            return HooksConfig.NONE;
        }
        ConfigMap m = n.get().map(EXPECTED);
        Map<HooksConfig.Kind, HooksConfig.Hook> hooks = new EnumMap<>(HooksConfig.Kind.class);
        for (HooksConfig.Kind kind : HooksConfig.Kind.values()) {
            Optional<ConfigNode> h = m.get(kind.yamlName());
            if (h.isPresent()) {
                hooks.put(kind, hook(h.get()));
            }
        }
        m.finish();
        return new HooksConfig(hooks);
    }

    private static HooksConfig.Hook hook(ConfigNode node) throws ConfigException {
        ConfigMap m = node.map(HOOK);
        Command command = m.require("command", "the hook's program and arguments, e.g. command: [./smoke.sh]")
                .command();
        Optional<ConfigNode> t = m.get("timeout");
        Duration timeout = t.isPresent() ? t.get().positiveDuration() : HooksConfig.DEFAULT_TIMEOUT;
        m.finish();
        return new HooksConfig.Hook(command, timeout);
    }
}
