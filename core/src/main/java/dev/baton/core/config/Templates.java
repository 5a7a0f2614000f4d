package dev.baton.core.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-generation placeholders: {@code {{alt}}} and {@code {{generation}}}. A known name whose
 * value is unavailable (alt without {@code alternate}) is an error, as is an unknown name.
 */
final class Templates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

    private Templates() {
    }

    /** @param values name to value; an empty value means the name is known but has no value here */
    static String render(String text, Map<String, Optional<String>> values) throws Interpolation.Problem {
        if (!text.contains("{{")) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Optional<String> value = values.get(name);
            if (value == null) {
                throw new Interpolation.Problem("unknown placeholder {{" + name + "}}",
                        "one of " + String.join(", ", values.keySet().stream().map(k -> "{{" + k + "}}").toList()));
            }
            if (value.isEmpty()) {
                throw new Interpolation.Problem("{{" + name + "}} is used but has no value",
                        name.equals("alt") ? "an `alternate:` list of values" : "");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
