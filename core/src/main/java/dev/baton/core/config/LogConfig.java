package dev.baton.core.config;

/** {@code log.*}: baton's own log lines, written to stderr. */
public record LogConfig(Level level, Format format) {
    public static final LogConfig DEFAULT = new LogConfig(Level.INFO, Format.TEXT);

    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR }

    public enum Format { TEXT, JSON }
}
