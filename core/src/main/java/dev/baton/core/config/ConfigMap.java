package dev.baton.core.config;

import dev.baton.core.spi.Command;
import dev.baton.core.spi.Quote;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A YAML mapping whose keys are read one by one. Each key asked for becomes "known";
 * {@link #finish()} then rejects any other key, suggesting the closest known one.
 */
final class ConfigMap {
    private final ConfigNode self;
    private final Map<String, ConfigNode> entries = new LinkedHashMap<>();
    private final Map<String, Integer> keyLines = new LinkedHashMap<>();
    private final Set<String> known = new LinkedHashSet<>();

    ConfigMap(ConfigNode self, MappingNode node) throws ConfigException {
        this.self = self;
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw ConfigException.at(self.context().file, t.getKeyNode().getStartMark().getLine() + 1,
                        self.path(), "a key is not a plain name", "plain keys such as `command:`");
            }
            String name = key.getValue();
            if (entries.containsKey(name)) {
                throw ConfigException.at(self.context().file, key.getStartMark().getLine() + 1,
                        join(self.path(), name), "duplicate key (first on line " + keyLines.get(name) + ")",
                        "each key once");
            }
            entries.put(name, new ConfigNode(t.getValueNode(), join(self.path(), name), self.context()));
            keyLines.put(name, key.getStartMark().getLine() + 1);
        }
    }

    /** The YAML path of {@code key} in this map, for messages: a key may hold anything, so it is escaped. */
    private static String join(String path, String key) {
        String shown = Quote.clean(key);
        return path.isEmpty() ? shown : path + "." + shown;
    }

    ConfigNode node() {
        return self;
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** The value of {@code key}, treating an explicit YAML null like an absent key. */
    Optional<ConfigNode> get(String key) {
        known.add(key);
        ConfigNode n = entries.get(key);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    ConfigNode require(String key, String expected) throws ConfigException {
        Optional<ConfigNode> n = get(key);
        if (n.isPresent()) {
            return n.get();
        }
        Optional<String> typo = entries.keySet().stream().filter(k -> !known.contains(k))
                .filter(k -> Suggest.closest(k, Set.of(key)).isPresent()).findFirst();
        if (typo.isPresent()) {
            throw ConfigException.at(self.context().file, lineOf(typo.get()), join(self.path(), typo.get()),
                    "unknown key (did you mean `" + key + "`?)", "`" + key + "`: " + expected);
        }
        throw self.error("`" + key + "` is missing", expected);
    }

    /** Marks every key as known; for maps whose keys are data, such as {@code env}. */
    Map<String, ConfigNode> entries() {
        known.addAll(entries.keySet());
        return entries;
    }

    int lineOf(String key) {
        return keyLines.getOrDefault(key, self.line());
    }

    void finish() throws ConfigException {
        for (String key : entries.keySet()) {
            if (!known.contains(key)) {
                String suggestion = Suggest.closest(key, known).map(k -> " (did you mean `" + k + "`?)").orElse("");
                throw ConfigException.at(self.context().file, lineOf(key), join(self.path(), key),
                        "unknown key" + suggestion, "one of " + String.join(", ", known));
            }
        }
    }

    // ---- typed values, for baton's own keys and (through ProviderSettings) a check's ----

    String path() {
        return self.path();
    }

    Optional<String> string(String key) throws ConfigException {
        Optional<ConfigNode> n = get(key);
        return n.isPresent() ? Optional.of(n.get().text("a string")) : Optional.empty();
    }

    String requireString(String key, String expected) throws ConfigException {
        return require(key, expected).text(expected);
    }

    Duration duration(String key, Duration defaultValue) throws ConfigException {
        Optional<ConfigNode> n = get(key);
        return n.isPresent() ? n.get().duration() : defaultValue;
    }

    int integer(String key, int defaultValue, int min) throws ConfigException {
        Optional<ConfigNode> n = get(key);
        return n.isPresent() ? n.get().integer(min) : defaultValue;
    }

    Optional<Command> command(String key) throws ConfigException {
        Optional<ConfigNode> n = get(key);
        return n.isPresent() ? Optional.of(n.get().command()) : Optional.empty();
    }

    boolean bool(String key, boolean defaultValue) throws ConfigException {
        Optional<ConfigNode> n = get(key);
        return n.isPresent() ? n.get().bool() : defaultValue;
    }

    Optional<Path> path(String key, String expected) throws ConfigException {
        Optional<ConfigNode> n = get(key);
        return n.isPresent() ? Optional.of(n.get().pathValue(expected)) : Optional.empty();
    }

    Map<String, String> stringMap(String key, String expected) throws ConfigException {
        Optional<ConfigNode> n = get(key);
        if (n.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : n.get().map(expected).entries().entrySet()) {
            out.put(e.getKey(), e.getValue().text(expected));
        }
        return Collections.unmodifiableMap(out);
    }

    ConfigException error(String key, String entry, String problem, String expected) {
        ConfigNode n = entries.get(key);
        if (n == null) {
            return self.error(problem, expected);
        }
        try {
            ConfigMap inner = n.map(expected);
            ConfigNode e = inner.entries.get(entry);
            if (e != null) {
                return e.error(problem, expected);
            }
        } catch (ConfigException ignored) {
            // not a mapping: report on the key itself
        }
        return n.error("`" + entry + "`: " + problem, expected);
    }

    ConfigException error(String key, String problem, String expected) {
        ConfigNode n = entries.get(key);
        if (n == null) {
            return self.error(problem, expected);
        }
        return n.error(problem, expected);
    }
}
