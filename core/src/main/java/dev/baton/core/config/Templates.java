package dev.baton.core.config;

import java.util.Map;
import java.util.Optional;

/**
 * Per-generation placeholders: {@code {{alt}}} and {@code {{generation}}}. A known name whose
 * value is unavailable (alt without {@code alternate}) is an error, as is an unknown name.
 * Rendering itself is done by {@link Interpolation#render}, in the same pass as {@code ${VAR}}.
 */
final class Templates {
    private Templates() {
    }

    /** Renders placeholders only; {@code ${...}} is left as it is. */
    static String render(String text, Map<String, Optional<String>> values) throws Interpolation.Problem {
        return Interpolation.render(text.replace("$", "$$"), Map.of(), values);
    }

    static String value(String name, Map<String, Optional<String>> values) throws Interpolation.Problem {
        Optional<String> value = values.get(name);
        if (value == null) {
            throw new Interpolation.Problem("unknown placeholder {{" + name + "}}",
                    "one of " + String.join(", ", values.keySet().stream().map(k -> "{{" + k + "}}").toList()));
        }
        if (value.isEmpty()) {
            throw new Interpolation.Problem("{{" + name + "}} is used but has no value",
                    name.equals("alt") ? "an `alternate:` list of values" : "");
        }
        return value.get();
    }
}
