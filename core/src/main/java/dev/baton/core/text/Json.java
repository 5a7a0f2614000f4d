package dev.baton.core.text;

/**
 * baton's one JSON writer: a flat object of string and number members, written in the order
 * given, with strings escaped as RFC 8259 asks (quote, backslash, and every control character).
 * Enough for {@code baton status --json} and the JSON log lines; {@link #of} writes nested maps and
 * lists too ({@code baton check --json}). Nothing here parses.
 */
public final class Json {
    private final StringBuilder sb = new StringBuilder("{");

    /** A value that is JSON already: a log line's key-value that the JSON layout writes as it is. */
    public record Raw(String json) {
        @Override
        public String toString() {
            return json;
        }
    }

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

    /**
     * {@code value} as JSON: a map (its keys as strings, in its order), a list, a string, a number,
     * a boolean, null, or anything else as its string form.
     */
    public static String of(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof java.util.Map<?, ?> map) {
            out.append('{');
            String sep = "";
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                out.append(sep);
                quote(out, String.valueOf(e.getKey()));
                out.append(':');
                write(out, e.getValue());
                sep = ",";
            }
            out.append('}');
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            String sep = "";
            for (Object item : list) {
                out.append(sep);
                write(out, item);
                sep = ",";
            }
            out.append(']');
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            quote(out, value.toString());
        }
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
