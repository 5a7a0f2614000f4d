package dev.baton.core.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations: {@code 250ms}, {@code 5s}, {@code 1m30s}, {@code 1.5h}, {@code 0}. */
public final class Durations {
    public static final String EXPECTED = "a duration such as 250ms, 5s or 1m30s";
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int pos = 0;
        while (pos < s.length()) {
            if (!m.find(pos) || m.start() != pos) {
                return Optional.empty();
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            pos = m.end();
        }
        try {
            return Optional.of(Duration.ofNanos(nanos.longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    /** Formats back to the shortest Go-style text, e.g. {@code 1m30s}, {@code 250ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long nanos = d.toNanos();
        if (nanos % 1_000_000_000L != 0) {
            if (nanos % 1_000_000L == 0) {
                return (nanos / 1_000_000L) + "ms";
            }
            if (nanos % 1_000L == 0) {
                return (nanos / 1_000L) + "us";
            }
            return nanos + "ns";
        }
        long secs = nanos / 1_000_000_000L;
        StringBuilder sb = new StringBuilder();
        if (secs >= 3600) {
            sb.append(secs / 3600).append('h');
            secs %= 3600;
        }
        if (secs >= 60) {
            sb.append(secs / 60).append('m');
            secs %= 60;
        }
        if (secs > 0) {
            sb.append(secs).append('s');
        }
        return sb.toString();
    }
}
