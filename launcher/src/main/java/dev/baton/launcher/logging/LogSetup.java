package dev.baton.launcher.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.baton.core.config.LogConfig;
import org.slf4j.LoggerFactory;

/**
 * baton logs to stderr only (stdout belongs to the child), as text or one JSON object per
 * line. Configured in code: no logback.xml is looked for.
 */
public final class LogSetup {
    private static LogConfig applied;
    private static final boolean JOURNAL = JournalStream.isStderr(System.getenv());

    private LogSetup() {
    }

    public static synchronized void apply(LogConfig config) {
        if (config.equals(applied)) {
            return;
        }
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        configure(ctx, config);
        applied = config;
    }

    static void configure(LoggerContext ctx, LogConfig config) {
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        Layout<ILoggingEvent> layout = config.format() == LogConfig.Format.JSON ? new JsonLayout() : new TextLayout(JOURNAL);
        layout.setContext(ctx);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(ctx);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.toLevel(config.level().name(), Level.INFO));
        // libraries stay quiet unless asked for
        ctx.getLogger("okhttp3").setLevel(Level.WARN);
    }
}
