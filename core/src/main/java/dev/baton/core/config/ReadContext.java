package dev.baton.core.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What scalar values are read against: the file, baton's environment, and placeholders. */
final class ReadContext {
    final String file;
    final Path baseDir;
    final Map<String, String> env;
    final Map<String, Optional<String>> placeholders = new LinkedHashMap<>();
    CommandResolver resolver;

    ReadContext(String file, Path baseDir, Map<String, String> env) {
        this.file = file;
        this.baseDir = baseDir;
        this.env = env;
    }
}
