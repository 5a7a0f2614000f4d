package dev.baton.launcher;

import dev.baton.core.config.BatonConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changes between two effective configs ({@link EffectiveConfig}), one line per YAML path:
 * {@code - path: old} and {@code + path: new}. An env value that is masked in both shows only that
 * it changed ({@code ~ env.KEY: changed (value masked)}), never what it was or is.
 */
final class ConfigDiff {
    private ConfigDiff() {
    }

    static List<String> between(BatonConfig old, BatonConfig next) {
        Map<String, String> a = flat(EffectiveConfig.describe(old));
        Map<String, String> b = flat(EffectiveConfig.describe(next));
        Set<String> paths = new LinkedHashSet<>(a.keySet());
        paths.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String path : paths) {
            String was = a.get(path);
            String is = b.get(path);
            if (Objects.equals(was, is)) {
                String key = path.startsWith("env.") ? path.substring(4) : null;
                if (key != null && !Objects.equals(old.env().get(key), next.env().get(key))) {
                    out.add("~ " + path + ": changed (value masked)");
                }
                continue;
            }
            if (was != null) {
                out.add("- " + path + ": " + was);
            }
            if (is != null) {
                out.add("+ " + path + ": " + is);
            }
        }
        return out;
    }

    /** Nested maps and lists as {@code a.b} and {@code a[0].c} paths to scalar values. */
    static Map<String, String> flat(Map<String, Object> tree) {
        Map<String, String> out = new LinkedHashMap<>();
        tree.forEach((k, v) -> put(out, k, v));
        return out;
    }

    private static void put(Map<String, String> out, String path, Object value) {
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> put(out, path + "." + k, v));
        } else if (value instanceof List<?> l && l.stream().anyMatch(e -> e instanceof Map<?, ?>)) {
            for (int i = 0; i < l.size(); i++) {
                put(out, path + "[" + i + "]", l.get(i));
            }
        } else {
            out.put(path, String.valueOf(value));
        }
    }
}
