package dev.baton.healthcheck.match;

import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.CheckSettings;
import dev.baton.core.spi.Quote;

import java.util.Locale;
import java.util.Optional;

/** An HTTP status range: {@code 200}, {@code 2xx} or {@code 200-399}. */
public record StatusRange(int min, int max) {
    static final StatusRange SUCCESS = new StatusRange(200, 299);
    static final String EXPECTED = "a status such as 200, 2xx or 200-399";

    /** The {@code status} key of a check: {@link #SUCCESS} if absent. */
    public static StatusRange read(CheckSettings settings) throws CheckConfigException {
        Optional<String> text = settings.string("status");
        if (text.isEmpty()) {
            return SUCCESS;
        }
        return parse(text.get()).orElseThrow(() -> settings.error("status",
                Quote.value(text.get()) + " is not a status range", EXPECTED));
    }

    static Optional<StatusRange> parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.matches("[1-5]xx")) {
            int base = (t.charAt(0) - '0') * 100;
            return Optional.of(new StatusRange(base, base + 99));
        }
        if (t.matches("\\d{3}")) {
            int code = Integer.parseInt(t);
            return valid(code, code);
        }
        if (t.matches("\\d{3}\\s*-\\s*\\d{3}")) {
            String[] parts = t.split("-");
            return valid(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        }
        return Optional.empty();
    }

    private static Optional<StatusRange> valid(int min, int max) {
        if (min < 100 || max > 599 || min > max) {
            return Optional.empty();
        }
        return Optional.of(new StatusRange(min, max));
    }

    public boolean contains(int code) {
        return code >= min && code <= max;
    }

    @Override
    public String toString() {
        if (min == max) {
            return Integer.toString(min);
        }
        if (min % 100 == 0 && max == min + 99) {
            return (min / 100) + "xx";
        }
        return min + "-" + max;
    }
}
