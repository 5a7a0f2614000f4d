package dev.baton.core.config;

import dev.baton.core.spi.Quote;

import java.util.Map;
import java.util.Optional;

/**
 * Renders a scalar in one pass over the text as written: {@code ${VAR}} and
 * {@code ${VAR:-default}} from baton's environment ({@code $$} is a literal {@code $}; a
 * {@code $} followed by anything else stays), and {@code {{name}}} placeholders. Substituted
 * values are never scanned again, so an environment value may contain {@code $} or
 * {@code {{}}. A default may itself hold placeholders and braces: {@code ${PORT:-{{alt}}}}.
 */
final class Interpolation {
    private static final String REFERENCE = "${NAME} or ${NAME:-default}";

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

    /** {@code ${...}} only; {@code {{...}}} is left as it is. */
    static String apply(String text, Map<String, String> env) throws Problem {
        return render(text, env, null);
    }

    /**
     * @param placeholders name to value, an empty value meaning "known, but no value here"; null
     *     to leave placeholders untouched
     */
    static String render(String text, Map<String, String> env, Map<String, Optional<String>> placeholders)
            throws Problem {
        if (text.indexOf('$') < 0 && (placeholders == null || !text.contains("{{"))) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < n && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < n && text.charAt(i + 1) == '{') {
                int end = matchingBrace(text, i + 1);
                if (end < 0) {
                    throw new Problem("unterminated ${ in " + Quote.value(text), REFERENCE);
                }
                out.append(variable(text.substring(i + 2, end), env, placeholders));
                i = end + 1;
            } else if (c == '{' && placeholders != null && text.startsWith("{{", i)) {
                int end = text.indexOf("}}", i + 2);
                String name = end < 0 ? "" : text.substring(i + 2, end).trim();
                if (end < 0 || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    out.append("{{");
                    i += 2;
                } else {
                    out.append(Templates.value(name, placeholders));
                    i = end + 2;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String variable(String body, Map<String, String> env, Map<String, Optional<String>> placeholders)
            throws Problem {
        String name = body;
        String fallback = null;
        int sep = body.indexOf(":-");
        if (sep >= 0) {
            name = body.substring(0, sep);
            fallback = body.substring(sep + 2);
        }
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new Problem(Quote.value("${" + body + "}") + " is not a variable reference", REFERENCE);
        }
        String value = env.get(name);
        if (value != null && !(value.isEmpty() && fallback != null)) {
            return value;
        }
        if (fallback == null) {
            throw new Problem("${" + name + "} is not set in baton's environment",
                    "it to be set, or a default as in ${" + name + ":-value}");
        }
        return render(fallback, env, placeholders);
    }

    /** The index of the '}' matching the '{' at {@code open}, or -1. */
    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
