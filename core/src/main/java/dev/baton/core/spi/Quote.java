package dev.baton.core.spi;

/**
 * Quotes a value for a one-line error message. Whatever would break the line or hide part of it
 * is escaped: control characters (C0, DEL and C1, among them NEL U+0085), the Unicode line and
 * paragraph separators, invisible format characters (bidi overrides, the BOM) and lone
 * surrogates.
 *
 * <p>baton's config errors quote values with it; a check does the same for its own, so its messages
 * read like baton's. Part of the health-check SPI, version 1.
 */
public final class Quote {
    private Quote() {
    }

    public static String value(String s) {
        return '"' + escaped(s, true) + '"';
    }

    /** {@code s} with the same escapes as {@link #value} but no quotes, for text from a library. */
    public static String clean(String s) {
        return escaped(s, false);
    }

    private static String escaped(String s, boolean quoted) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append(quoted ? "\\\"" : "\"");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else if (hidden(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                        if (Character.isHighSurrogate(c)) {
                            sb.append(s.charAt(++i)); // the rest of a valid pair
                        }
                    }
                }
            }
        }
        return sb.toString();
    }

    private static boolean hidden(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return true; // a pair's low half is consumed with its high half
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT;
    }
}
