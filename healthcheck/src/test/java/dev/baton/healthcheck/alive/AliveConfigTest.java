package dev.baton.healthcheck.alive;

import dev.baton.healthcheck.BuiltInConfigTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code alive} check's settings, as the config loader reads them. */
class AliveConfigTest extends BuiltInConfigTestSupport {
    @Test
    void aliveWithDuration() throws Exception {
        assertEquals(poll("duration", "3s"), describe("alive: {duration: 3s}"));
    }

    @Test
    void aliveWithEmptyBody() throws Exception {
        assertEquals(poll("duration", "1s"), describe("alive:"));
    }
}
