package dev.baton.launcher.logging;

import dev.baton.core.config.LogConfig;
import org.slf4j.event.Level;

/**
 * baton logs to stderr only (stdout belongs to the child), as text or one JSON object per
 * line, through its own SLF4J provider ({@link BatonServiceProvider}). Configured in code: no
 * configuration file is looked for.
 */
public final class LogSetup {
    static final boolean JOURNAL = JournalStream.isStderr(System.getenv());
    private static LogConfig applied;

    private LogSetup() {
    }

    public static synchronized void apply(LogConfig config) {
        if (config.equals(applied)) {
            return;
        }
        Layout layout = config.format() == LogConfig.Format.JSON ? new JsonLayout() : new TextLayout(JOURNAL);
        LogOutput.configure(layout, Level.valueOf(config.level().name()));
        applied = config;
    }
}
