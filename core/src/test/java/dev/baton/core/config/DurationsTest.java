package dev.baton.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
