package dev.baton.core.text;

/**
 * baton's one JSON writer: a flat object of string and number members, written in the order
 * given, with strings escaped as RFC 8259 asks (quote, backslash, and every control character).
 * Enough for {@code baton status --json} and the JSON log lines; nothing here parses.
 */
public final class Json {
    private final StringBuilder sb = new StringBuilder("{");

    public Json string(String name, String value) {
        member(name);
        quote(sb, value == null ? "" : value);
        return this;
    }

    public Json number(String name, long value) {
        member(name);
        sb.append(value);
        return this;
    }

    /** A member whose value is already JSON. */
    public Json raw(String name, String json) {
        member(name);
        sb.append(json);
        return this;
    }

    @Override
    public String toString() {
        return sb + "}";
    }

    private void member(String name) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        quote(sb, name);
        sb.append(':');
    }

    /** Appends {@code s} as a JSON string, quotes included. */
    public static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
