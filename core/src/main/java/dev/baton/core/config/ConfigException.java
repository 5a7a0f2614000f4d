package dev.baton.core.config;

import dev.baton.core.spi.Quote;

/**
 * A user mistake in the config: one line naming {@code file:line}, the YAML path, the bad
 * value and what was expected. Never printed with a stack trace.
 *
 * <p>One line whatever went into it: values are quoted by {@link Quote}, but a path, a file
 * name or a library's text may hold a line break or a terminal escape too, so the message is
 * escaped once more here, where every message passes.
 */
public final class ConfigException extends Exception {

    public ConfigException(String message) {
        super(Quote.clean(message), null, false, false);
    }

    /** {@code app.yaml:12: upgrade.timeout: "5x" is not a duration; expected e.g. 250ms, 5s, 1m30s}. */
    public static ConfigException at(String file, int line, String path, String problem, String expected) {
        StringBuilder sb = new StringBuilder();
        sb.append(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (path != null && !path.isEmpty()) {
            sb.append(path).append(": ");
        }
        sb.append(problem);
        if (expected != null && !expected.isEmpty()) {
            sb.append("; expected ").append(expected);
        }
        return new ConfigException(sb.toString());
    }
}
