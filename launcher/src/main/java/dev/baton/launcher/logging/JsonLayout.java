package dev.baton.launcher.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import dev.baton.core.text.Json;
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
        Json line = new Json().string("time", Instant.ofEpochMilli(event.getTimeStamp()).toString())
                .string("level", event.getLevel().toString()).number("baton_pid", BATON_PID);
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                if (kv.value instanceof Number n) {
                    line.raw(kv.key, n.toString());
                } else {
                    line.string(kv.key, String.valueOf(kv.value));
                }
            }
        }
        line.string("message", event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            line.string("error", event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage());
        }
        return line + "\n";
    }
}
