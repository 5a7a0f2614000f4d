package dev.baton.core.config;

import java.util.List;
import java.util.Optional;

/**
 * The values of {@code {{generation}}} and {@code {{alt}}} for the generation a config is
 * read for. Generation n uses {@code alternate[(n - 1) % size]}; the number only advances when
 * a flip completes, so a failed flip never reuses the running child's value.
 */
public record TemplateVars(long generation) {
    public TemplateVars {
        if (generation < 1) {
            throw new IllegalArgumentException("generation starts at 1");
        }
    }

    public static final TemplateVars FIRST = new TemplateVars(1);

    public Optional<String> alt(List<String> alternate) {
        if (alternate.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(alternate.get((int) ((generation - 1) % alternate.size())));
    }
}
