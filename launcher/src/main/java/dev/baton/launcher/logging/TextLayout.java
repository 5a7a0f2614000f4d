package dev.baton.launcher.logging;

import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

import java.time.Instant;

/**
 * {@code 2026-11-21T10:00:00.123Z INFO  baton[812] generation=2 pid=1234 flip completed}. For the
 * journal: {@code <6>generation=2 ...}, a syslog priority prefix and neither timestamp nor process
 * name (the journal records both).
 */
final class TextLayout implements Layout {
    private static final long BATON_PID = ProcessHandle.current().pid();
    private final boolean journal;

    TextLayout(boolean journal) {
        this.journal = journal;
    }

    static int priority(Level level) {
        return switch (level) {
            case ERROR -> 3;
            case WARN -> 4;
            case INFO -> 6;
            default -> 7;
        };
    }

    @Override
    public String format(LogEvent event) {
        StringBuilder sb = new StringBuilder(128);
        if (journal) {
            sb.append('<').append(priority(event.level())).append('>');
        } else {
            sb.append(Instant.ofEpochMilli(event.millis())).append(' ');
            String level = event.level().toString();
            sb.append(level);
            for (int i = level.length(); i < 5; i++) {
                sb.append(' ');
            }
            sb.append(' ');
            sb.append("baton[").append(BATON_PID).append("] "); // the journal names the process itself
        }
        if (event.pairs() != null) {
            for (KeyValuePair kv : event.pairs()) {
                if (!"event".equals(kv.key) && !(kv.value instanceof dev.baton.core.text.Json.Raw)) {
                    sb.append(kv.key).append('=').append(kv.value).append(' '); // the JSON layout's alone
                }
            }
        }
        sb.append(String.valueOf(event.message()).replace('\n', ' '));
        if (event.error() != null) {
            sb.append(" (").append(event.error().getClass().getName()).append(": ")
                    .append(event.error().getMessage()).append(')');
        }
        sb.append('\n');
        return sb.toString();
    }
}
