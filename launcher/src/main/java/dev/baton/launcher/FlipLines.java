package dev.baton.launcher;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flip records of a status or history answer, for people: one line each, its start in local
 * time and the record's summary ({@code 2026-12-02 20:37:14  flip 1 → 2 (signal, in place)
 * committed in 1.23 s: ...}).
 */
final class FlipLines {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    /** Each record has "started" then, later, "summary"; both strings (unrolled, possessive: see StatusCommand). */
    private static final Pattern RECORD = Pattern.compile(
            "\"started\":\"([^\"]*+)\"[^{}]*?\"summary\":\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"");

    private FlipLines() {
    }

    static List<String> of(String json) {
        int at = json.indexOf("\"flips\":[");
        List<String> out = new ArrayList<>();
        if (at < 0) {
            return out;
        }
        Matcher m = RECORD.matcher(json.substring(at));
        while (m.find()) {
            out.add(localTime(m.group(1)) + "  " + m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return out;
    }

    static String localTime(String instant) {
        try {
            return LOCAL.format(Instant.parse(instant));
        } catch (RuntimeException e) {
            return instant;
        }
    }
}
