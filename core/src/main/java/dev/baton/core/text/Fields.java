package dev.baton.core.text;

import java.util.HashMap;
import java.util.Map;

/** The {@code key=value key=value} fields of baton's line protocols (handover and control). */
public final class Fields {
    private Fields() {
    }

    /** Words without {@code =} are skipped; a key given twice keeps its last value. */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new HashMap<>();
        for (String part : text.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return out;
    }
}
