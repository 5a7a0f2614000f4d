package dev.baton.launcher.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;

/**
 * {@code 2026-11-21T10:00:00.123Z INFO  baton[812] generation=2 pid=1234 flip completed}. For the
 * journal: {@code <6>generation=2 ...}, a syslog priority prefix and neither timestamp nor process
 * name (the journal records both).
 */
final class TextLayout extends LayoutBase<ILoggingEvent> {
    private static final long BATON_PID = ProcessHandle.current().pid();
    private final boolean journal;

    TextLayout(boolean journal) {
        this.journal = journal;
    }

    static int priority(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(128);
        if (journal) {
            sb.append('<').append(priority(event.getLevel())).append('>');
        } else {
            sb.append(Instant.ofEpochMilli(event.getTimeStamp())).append(' ');
            String level = event.getLevel().toString();
            sb.append(level);
            for (int i = level.length(); i < 5; i++) {
                sb.append(' ');
            }
            sb.append(' ');
        }
        if (!journal) {
            sb.append("baton[").append(BATON_PID).append("] "); // the journal names the process itself
        }
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                sb.append(kv.key).append('=').append(kv.value).append(' ');
            }
        }
        sb.append(event.getFormattedMessage().replace('\n', ' '));
        if (event.getThrowableProxy() != null) {
            sb.append(" (").append(event.getThrowableProxy().getClassName()).append(": ")
                    .append(event.getThrowableProxy().getMessage()).append(')');
        }
        sb.append('\n');
        return sb.toString();
    }
}
