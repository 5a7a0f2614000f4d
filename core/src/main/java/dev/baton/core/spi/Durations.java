package dev.baton.core.spi;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Go-style durations: {@code 250ms}, {@code 5s}, {@code 1m30s}, {@code 1.5h}, {@code 0}. baton reads
 * and shows every duration of its config this way; a check shows its own with {@link #format}, so
 * {@code baton check} prints them alike. Part of the health-check SPI, version 1.
 */
public final class Durations {
    public static final String EXPECTED = "a duration such as 250ms, 5s or 1m30s";
    /**
     * The longest number in one part. The longest duration, ~292 years, is {@code 9223372036854775807ns}
     * (19 digits), and a fraction with more than 13 digits can't be whole nanoseconds even in hours,
     * so a longer number is a typo or an attack; refusing it keeps each part's arithmetic small.
     */
    static final int MAX_NUMBER = 32;
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /**
     * Parts of {@code DIGITS[.DIGITS]UNIT}, one after the other; the sum must be a whole number of
     * nanoseconds that fits a long. One pass over the text: its time is linear in its length.
     */
    public static Optional<Duration> parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        int n = s.length();
        while (i < n) {
            int start = i;
            i = digits(s, i);
            if (i == start) {
                return Optional.empty();
            }
            if (i < n && s.charAt(i) == '.') {
                int fraction = i + 1;
                i = digits(s, fraction);
                if (i == fraction) {
                    return Optional.empty();
                }
            }
            if (i - start > MAX_NUMBER) {
                return Optional.empty();
            }
            String number = s.substring(start, i);
            long unit;
            if (s.startsWith("ns", i)) {
                unit = 1L;
                i += 2;
            } else if (s.startsWith("us", i) || s.startsWith("µs", i)) {
                unit = 1_000L;
                i += 2;
            } else if (s.startsWith("ms", i)) {
                unit = 1_000_000L;
                i += 2;
            } else if (s.startsWith("s", i)) {
                unit = 1_000_000_000L;
                i += 1;
            } else if (s.startsWith("m", i)) {
                unit = 60_000_000_000L;
                i += 1;
            } else if (s.startsWith("h", i)) {
                unit = 3_600_000_000_000L;
                i += 1;
            } else {
                return Optional.empty();
            }
            nanos = nanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
            if (nanos.compareTo(MAX_NANOS) > 0) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(Duration.ofNanos(nanos.longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
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
