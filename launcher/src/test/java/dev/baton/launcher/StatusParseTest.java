package dev.baton.launcher;

import dev.baton.core.text.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code baton status} reads back the one flat JSON object that a running baton answers with. */
class StatusParseTest {
    @Test
    void stringsWithEscapesAndNumbersReadBack() {
        String json = new Json().number("generation", 7).string("state", "say \"hi\" \\ bye").toString();
        assertEquals(Map.of("generation", "7", "state", "say \"hi\" \\ bye"), StatusCommand.parse(json));
    }

    /** Three re-exec drains made a status line long enough to overflow the old pattern's stack. */
    @Test
    void aLongValueDoesNotOverflowTheStack() {
        String drains = "generation 1 (child pid 17080, SIGKILL at 2026-12-02T20:30:17Z) in baton pid 16911; ".repeat(400);
        String json = new Json().string("draining", drains).number("restarts", 0).toString();
        assertEquals(Map.of("draining", drains, "restarts", "0"), StatusCommand.parse(json));
    }
}
