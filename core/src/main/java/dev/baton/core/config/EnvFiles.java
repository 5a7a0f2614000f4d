package dev.baton.core.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code env_file:} as read for one generation: the files, and where each variable the child gets
 * from them was set. The values themselves are merged into {@link BatonConfig#env()} under the
 * config's own {@code env:}, which wins.
 *
 * @param files the files in config order
 * @param origins for each variable whose value came from a file: {@code FILE:LINE} of the
 *     assignment that won (a later file wins over an earlier one, a later line over an earlier one)
 */
public record EnvFiles(List<File> files, Map<String, String> origins) {
    public static final EnvFiles NONE = new EnvFiles(List.of(), Map.of());

    /**
     * @param path absolute
     * @param optional written with a leading {@code -}: a missing file is no error
     * @param present false for an optional file that was missing
     */
    public record File(Path path, boolean optional, boolean present) {
        /** As written in the config: with the {@code -} of an optional file. */
        public String shown() {
            return (optional ? "-" : "") + path;
        }
    }

    public EnvFiles {
        files = List.copyOf(files);
        origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    }

    /** True if the child's value of {@code name} came from an env file (so it is likely a secret). */
    public boolean fromFile(String name) {
        return origins.containsKey(name);
    }
}
