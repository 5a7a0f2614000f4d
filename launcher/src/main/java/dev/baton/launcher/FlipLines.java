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
    /** Each record has "started" and, after it, "summary" (unrolled and possessive: see StatusCommand). */
    private static final Pattern STARTED = Pattern.compile("\"started\":\"([^\"]*+)\"");
    private static final Pattern SUMMARY = Pattern.compile("\"summary\":\"([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)\"");

    private FlipLines() {
    }

    static List<String> of(String json) {
        int at = json.indexOf("\"flips\":[");
        List<String> out = new ArrayList<>();
        if (at < 0) {
            return out;
        }
        String flips = json.substring(at);
        Matcher started = STARTED.matcher(flips);
        Matcher summary = SUMMARY.matcher(flips);
        while (started.find() && summary.find(started.end())) {
            out.add(localTime(started.group(1)) + "  " + summary.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
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
