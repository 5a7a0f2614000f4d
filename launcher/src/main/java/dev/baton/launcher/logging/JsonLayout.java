package dev.baton.launcher.logging;

import dev.baton.core.text.Json;
import org.slf4j.event.KeyValuePair;

import java.time.Instant;

/**
 * One JSON object per line:
 * {@code {"time":"…","level":"INFO","baton_pid":812,"event":"child_started","generation":2,"child_pid":1234,
 * "message":"…"}}. Every line has an {@code event}: the one the line names (a flip record's is
 * {@code flip}, {@code restart} or {@code rollback}, with the record as {@code flip}), else one
 * made from its first words ({@link #eventOf}). The child's pid is {@code child_pid}, as in
 * {@code baton status --json}.
 */
final class JsonLayout implements Layout {
    private static final long BATON_PID = ProcessHandle.current().pid();

    /**
     * A line's event name when it gives none: its first words, up to three, before a colon, a
     * parenthesis or a semicolon, in snake case ("child started: python3" is {@code child_started},
     * "ready" is {@code ready}); {@code log} for a line without words.
     */
    static String eventOf(String message) {
        String head = message.split("[:;(]", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        String[] words = head.split("[^a-z0-9_]+");
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (w.isEmpty() || w.chars().allMatch(Character::isDigit)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('_');
            }
            sb.append(w);
            if (sb.chars().filter(c -> c == '_').count() >= 2) {
                break;
            }
        }
        return sb.length() == 0 ? "log" : sb.toString();
    }

    @Override
    public String format(LogEvent event) {
        Json line = new Json().string("time", Instant.ofEpochMilli(event.millis()).toString())
                .string("level", event.level().toString()).number("baton_pid", BATON_PID);
        String name = null;
        if (event.pairs() != null) {
            for (KeyValuePair kv : event.pairs()) {
                if ("event".equals(kv.key)) {
                    name = String.valueOf(kv.value);
                }
            }
        }
        line.string("event", name != null ? name : eventOf(String.valueOf(event.message())));
        if (event.pairs() != null) {
            for (KeyValuePair kv : event.pairs()) {
                String key = "pid".equals(kv.key) ? "child_pid" : kv.key; // as baton status --json names it
                if ("event".equals(kv.key)) {
                    continue;
                } else if (kv.value instanceof Number n) {
                    line.raw(key, n.toString());
                } else if (kv.value instanceof Json.Raw raw) {
                    line.raw(key, raw.json());
                } else {
                    line.string(key, String.valueOf(kv.value));
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
