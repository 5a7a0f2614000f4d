package dev.baton.launcher.logging;

import org.slf4j.event.Level;

import java.io.PrintStream;

/**
 * Where every baton logger writes: one layout and one threshold for the whole process, switched
 * by {@link LogSetup}. A line is written whole, under one lock, to stderr (stdout belongs to the
 * child). Until a config is applied: text at INFO, so nothing is lost and nothing goes to stdout.
 */
final class LogOutput {
    /** Libraries (OkHttp) stay quiet unless they warn. */
    private static final String QUIET_PREFIX = "okhttp3";

    private static volatile Layout layout = new TextLayout(LogSetup.JOURNAL);
    private static volatile int threshold = Level.INFO.toInt();
    private static volatile PrintStream err = System.err;

    private LogOutput() {
    }

    static void configure(Layout newLayout, Level level) {
        synchronized (LogOutput.class) {
            err = System.err;
            layout = newLayout;
            threshold = level.toInt();
        }
    }

    static boolean quiet(String loggerName) {
        return loggerName.startsWith(QUIET_PREFIX);
    }

    static boolean enabled(Level level, boolean quiet) {
        return level.toInt() >= (quiet ? Math.max(threshold, Level.WARN.toInt()) : threshold);
    }

    static void write(LogEvent event) {
        byte[] line = layout.format(event).getBytes();
        synchronized (LogOutput.class) {
            err.write(line, 0, line.length);
            err.flush();
        }
    }
}
