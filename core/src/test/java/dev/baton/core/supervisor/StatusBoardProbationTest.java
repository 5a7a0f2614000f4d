package dev.baton.core.supervisor;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code baton status} during and after a probation. */
class StatusBoardProbationTest {

    @Test
    void itNamesTheNewGenerationOnProbationAndTheOldOneAgainAfterARollback() {
        StatusBoard b = new StatusBoard(42, "1.2.3");
        b.ready(1, 1001);
        b.flipStarted(2);
        b.probationStarted(2, 1002, Instant.parse("2026-12-02T07:30:00.25Z"));
        String during = b.toJson();
        assertTrue(during.contains("\"generation\":2") && during.contains("\"child_pid\":1002"), during);
        assertTrue(during.contains("\"state\":\"probation until 2026-12-02T07:30:00Z: generation 2 (child pid 1002)"
                + " serves beside generation 1 (child pid 1001)\""), during);

        b.servingChanged(1, 1001);
        b.flipEnded(2, "rolled back: new child exited with code 3, 2.1 s into probation");
        String after = b.toJson();
        assertTrue(after.contains("\"generation\":1") && after.contains("\"child_pid\":1001"), after);
        assertTrue(after.contains("\"state\":\"serving\""), after);
        assertTrue(after.contains("failed at") && after.contains("rolled back: new child exited with code 3"), after);
    }
}
