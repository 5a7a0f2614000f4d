package dev.baton.launcher.logging;

import dev.baton.core.text.Json;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;

/**
 * One JSON object per line:
 * {@code {"time":"…","level":"INFO","baton_pid":812,"generation":2,"pid":1234,"message":"…"}}.
 */
final class JsonLayout implements Layout {
    private static final long BATON_PID = ProcessHandle.current().pid();

    @Override
    public String format(LogEvent event) {
        Json line = new Json().string("time", Instant.ofEpochMilli(event.millis()).toString())
                .string("level", event.level().toString()).number("baton_pid", BATON_PID);
        if (event.pairs() != null) {
            for (KeyValuePair kv : event.pairs()) {
                if (kv.value instanceof Number n) {
                    line.raw(kv.key, n.toString());
                } else {
                    line.string(kv.key, String.valueOf(kv.value));
                }
            }
        }
        line.string("message", String.valueOf(event.message()));
        if (event.error() != null) {
            line.string("error", event.error().getClass().getName() + ": " + event.error().getMessage());
        }
        return line + "\n";
    }
}
