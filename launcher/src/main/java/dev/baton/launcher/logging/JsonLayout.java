package dev.baton.launcher.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;

/**
 * One JSON object per line:
 * {@code {"time":"…","level":"INFO","baton_pid":812,"generation":2,"pid":1234,"message":"…"}}.
 */
final class JsonLayout extends LayoutBase<ILoggingEvent> {
    private static final long BATON_PID = ProcessHandle.current().pid();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"time\":\"").append(Instant.ofEpochMilli(event.getTimeStamp())).append('"');
        sb.append(",\"level\":\"").append(event.getLevel()).append('"');
        sb.append(",\"baton_pid\":").append(BATON_PID);
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                sb.append(",\"");
                escape(sb, kv.key);
                sb.append("\":");
                if (kv.value instanceof Number) {
                    sb.append(kv.value);
                } else {
                    sb.append('"');
                    escape(sb, String.valueOf(kv.value));
                    sb.append('"');
                }
            }
        }
        sb.append(",\"message\":\"");
        escape(sb, event.getFormattedMessage());
        sb.append('"');
        if (event.getThrowableProxy() != null) {
            sb.append(",\"error\":\"");
            escape(sb, event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage());
            sb.append('"');
        }
        sb.append("}\n");
        return sb.toString();
    }

    static void escape(StringBuilder sb, String s) {
        if (s == null) {
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
