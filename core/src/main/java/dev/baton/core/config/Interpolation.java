package dev.baton.core.config;

import java.util.Map;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} from baton's environment; {@code $$} is a literal
 * {@code $}. A {@code $} followed by anything else is kept as it is.
 */
final class Interpolation {
    private Interpolation() {
    }

    /** Thrown with a message fit for {@link ConfigException#at}'s problem part. */
    static final class Problem extends Exception {
        final String expected;

        Problem(String message, String expected) {
            super(message, null, false, false);
            this.expected = expected;
        }
    }

    static String apply(String text, Map<String, String> env) throws Problem {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            if (next != '{') {
                out.append(c);
                i++;
                continue;
            }
            int end = text.indexOf('}', i + 2);
            if (end < 0) {
                throw new Problem("unterminated ${ in \"" + text + "\"", "${NAME} or ${NAME:-default}");
            }
            String body = text.substring(i + 2, end);
            String name = body;
            String fallback = null;
            int sep = body.indexOf(":-");
            if (sep >= 0) {
                name = body.substring(0, sep);
                fallback = body.substring(sep + 2);
            }
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new Problem("\"${" + body + "}\" is not a variable reference", "${NAME} or ${NAME:-default}");
            }
            String value = env.get(name);
            if (value == null || (value.isEmpty() && fallback != null)) {
                if (fallback == null) {
                    throw new Problem("${" + name + "} is not set in baton's environment",
                            "it to be set, or a default as in ${" + name + ":-value}");
                }
                value = fallback;
            }
            out.append(value);
            i = end + 1;
        }
        return out.toString();
    }
}
