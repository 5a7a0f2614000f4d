package dev.baton.launcher.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * A named logger that hands each enabled call to {@link LogOutput}. It is
 * {@link LoggingEventAware} so that the fluent API's key-value pairs
 * ({@code atInfo().addKeyValue("generation", 2)}) reach the layout.
 */
final class BatonLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;
    private final boolean quiet;

    BatonLogger(String name) {
        this.name = name;
        this.quiet = LogOutput.quiet(name);
    }

    private boolean on(Level level) {
        return LogOutput.enabled(level, quiet);
    }

    @Override
    public boolean isTraceEnabled() {
        return on(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return on(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return on(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return on(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return on(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable error) {
        String message = args == null ? pattern : MessageFormatter.basicArrayFormat(pattern, args);
        LogOutput.write(new LogEvent(System.currentTimeMillis(), level, null, message, error));
    }

    @Override
    public void log(LoggingEvent event) {
        if (!on(event.getLevel())) {
            return;
        }
        Object[] args = event.getArgumentArray();
        String message = event.getMessage();
        Throwable error = event.getThrowable();
        if (args != null && args.length > 0) {
            FormattingTuple tuple = MessageFormatter.arrayFormat(message, args);
            message = tuple.getMessage();
            if (error == null) {
                error = tuple.getThrowable();
            }
        }
        long millis = event.getTimeStamp() > 0 ? event.getTimeStamp() : System.currentTimeMillis();
        LogOutput.write(new LogEvent(millis, event.getLevel(), event.getKeyValuePairs(), message, error));
    }
}
