package dev.baton.core.spi;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

class DurationsTest {

    @Test
    void milliseconds() {
        assertEquals(Optional.of(Duration.ofMillis(250)), Durations.parse("250ms"));
    }

    @Test
    void seconds() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), Durations.parse("5s"));
    }

    @Test
    void minutesAndSeconds() {
        assertEquals(Optional.of(Duration.ofSeconds(90)), Durations.parse("1m30s"));
    }

    @Test
    void fractionalHours() {
        assertEquals(Optional.of(Duration.ofMinutes(90)), Durations.parse("1.5h"));
    }

    @Test
    void bareZero() {
        assertEquals(Optional.of(Duration.ZERO), Durations.parse("0"));
    }

    @Test
    void allUnitsTogether() {
        Duration expected = Duration.ofHours(2).plusMinutes(3).plusSeconds(4).plusMillis(5);
        assertEquals(Optional.of(expected), Durations.parse("2h3m4s5ms"));
    }

    @Test
    void microAndNanoseconds() {
        assertEquals(Optional.of(Duration.ofNanos(1_500)), Durations.parse("1us500ns"));
        assertEquals(Optional.of(Duration.ofNanos(2_000)), Durations.parse("2µs"));
    }

    @Test
    void surroundingSpaceIsIgnored() {
        assertEquals(Optional.of(Duration.ofSeconds(5)), Durations.parse(" 5s "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "5", "5x", "-1s", "1s2", "5 s", "5S", "1.s", ".5s", "s", "1h-1m", "0.5ns"})
    void rejected(String text) {
        assertEquals(Optional.empty(), Durations.parse(text));
    }

    @Test
    void tooLongIsRejectedNotWrapped() {
        assertEquals(Optional.empty(), Durations.parse("9999999999h"));
    }

    // ---- long input: a config value is parsed on the supervisor thread at an in-place reload ----

    /** The parse used to be quadratic on a digit run: 12,000 digits took 6.9 s. */
    @Test
    void aLongDigitRunIsRejectedInLinearTime() {
        for (String digits : List.of("9".repeat(12_000), "9".repeat(100_000), "1".repeat(100_000) + "s",
                "1." + "0".repeat(100_000) + "s", "5s" + "7".repeat(100_000), "1" + ".5".repeat(50_000))) {
            assertEquals(Optional.empty(), assertTimeoutPreemptively(Duration.ofSeconds(1), () -> Durations.parse(digits)),
                    () -> digits.length() + " characters");
        }
    }

    @Test
    void manyPartsAreParsedInLinearTime() {
        assertEquals(Optional.of(Duration.ofNanos(100_000)),
                assertTimeoutPreemptively(Duration.ofSeconds(1), () -> Durations.parse("1ns".repeat(100_000))));
        assertEquals(Optional.empty(),
                assertTimeoutPreemptively(Duration.ofSeconds(1), () -> Durations.parse("99999h".repeat(100_000))));
    }

    @Test
    void anAbsurdlyLongNumberIsNotADurationEvenWithLeadingZeros() {
        assertEquals(Optional.of(Duration.ofSeconds(1)), Durations.parse("0".repeat(20) + "1s"));
        assertEquals(Optional.empty(), Durations.parse("0".repeat(40) + "1s"));
    }

    @Test
    void theLargestDurationsStillParse() {
        assertEquals(Optional.of(Duration.ofNanos(Long.MAX_VALUE)), Durations.parse(Long.MAX_VALUE + "ns"));
        assertEquals(Optional.of(Duration.ofNanos(Long.MAX_VALUE)), Durations.parse("9223372036.854775807s"));
        assertEquals(Optional.empty(), Durations.parse("9223372036854775808ns"));
        assertEquals(Optional.of(Duration.ofNanos(1)), Durations.parse("0.5ns0.5ns"), "whole in sum, as before");
    }

    /** The scanner accepts exactly what the regex it replaced accepted (on short input, where that one was fast). */
    @Test
    void sameAsTheRegexItReplaced() {
        qt().withExamples(3000).forAll(durationLike())
                .checkAssert(text -> assertEquals(RegexDurations.parse(text), Durations.parse(text), () -> Quote.value(text)));
    }

    /** Up to 8 tokens: digit runs, units, and characters that must not pass (a Greek mu, NBSP, signs). */
    static Gen<String> durationLike() {
        Gen<String> token = Generate.frequency(
                org.quicktheories.api.Pair.of(6, strings().numeric().map(s -> s.replace("-", "")).mix(strings().numericBetween(0, 999))),
                org.quicktheories.api.Pair.of(2, Generate.pick(List.of(".", " ", "-", "+", "e", "x", "S", "\u03bcs", "\u00a0"))),
                org.quicktheories.api.Pair.of(5, Generate.pick(List.of("ns", "us", "\u00b5s", "ms", "s", "m", "h"))));
        return lists().of(token).ofSizeBetween(0, 8).map(parts -> String.join("", parts));
    }

    /** The parser before it was made linear, kept as the oracle of the property above. */
    private static final class RegexDurations {
        private static final java.util.regex.Pattern PART =
                java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

        static Optional<Duration> parse(String text) {
            String s = text.trim();
            if (s.equals("0")) {
                return Optional.of(Duration.ZERO);
            }
            if (s.isEmpty()) {
                return Optional.empty();
            }
            java.util.regex.Matcher m = PART.matcher(s);
            java.math.BigDecimal nanos = java.math.BigDecimal.ZERO;
            int pos = 0;
            while (pos < s.length()) {
                if (!m.find(pos) || m.start() != pos) {
                    return Optional.empty();
                }
                long unit = switch (m.group(2)) {
                    case "ns" -> 1L;
                    case "us", "µs" -> 1_000L;
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    default -> 3_600_000_000_000L;
                };
                nanos = nanos.add(new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(unit)));
                pos = m.end();
            }
            try {
                return Optional.of(Duration.ofNanos(nanos.longValueExact()));
            } catch (ArithmeticException e) {
                return Optional.empty();
            }
        }
    }

    @Test
    void formatMinutesAndSeconds() {
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
    }

    @Test
    void formatMilliseconds() {
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
    }

    @Test
    void formatZero() {
        assertEquals("0s", Durations.format(Duration.ZERO));
    }

    @Test
    void formatHoursMinutesSeconds() {
        assertEquals("1h1m1s", Durations.format(Duration.ofSeconds(3661)));
        assertEquals("2h", Durations.format(Duration.ofHours(2)));
    }

    @Test
    void formatSubSecondUnits() {
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals("500us", Durations.format(Duration.ofNanos(500_000)));
        assertEquals("7ns", Durations.format(Duration.ofNanos(7)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1m30s", "250ms", "0s", "1h1m1s", "1500ms", "500us", "7ns", "26h"})
    void formatRoundTrips(String text) {
        Duration d = Durations.parse(text).orElseThrow();
        assertEquals(text, Durations.format(d));
        assertEquals(Optional.of(d), Durations.parse(Durations.format(d)));
    }
}
