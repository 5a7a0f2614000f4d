package dev.baton.bench;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * baton's recoveries read from its log (lines as baton wrote them in a run) and the load's
 * samples: a probation rolled back, a killed child restarted; and which failed requests the report
 * puts down to the child that went.
 */
class RecoveryTest {
    private static final long HUP = Instant.parse("2026-12-02T20:22:55.400Z").toEpochMilli();

    private static final List<String> PROBATION_LOG = List.of(
            "2026-12-02T20:22:51.664Z INFO  baton[4158] generation=1 pid=4205 child started: python3",
            "2026-12-02T20:22:55.420Z INFO  baton[4158] generation=2 flip initiated (in place: baton unchanged)",
            "2026-12-02T20:22:55.429Z INFO  baton[4158] generation=2 pid=4272 child started: python3",
            "2026-12-02T20:22:55.641Z INFO  baton[4158] generation=2 pid=4272 http check passed (attempt 9, 0.2 s)",
            "2026-12-02T20:22:55.646Z INFO  baton[4158] generation=2 pid=4272 healthy; on probation for 5s beside"
                    + " generation 1 (pid 4205), which stays until it passes",
            "2026-12-02T20:22:57.645Z WARN  baton[4158] generation=2 pid=4272 flip failed: rolled back: new child exited"
                    + " with code 3, 2.0 s into probation; generation 1 keeps serving");

    private static final List<String> RESTART_LOG = List.of(
            "2026-12-02T20:23:19.797Z INFO  baton[4537] generation=1 pid=4566 child started: python3",
            "2026-12-02T20:23:23.556Z WARN  baton[4537] generation=1 pid=4566 child killed by SIGKILL; restart 1 of 5"
                    + " within 10m in 250ms as generation 2",
            "2026-12-02T20:23:23.818Z INFO  baton[4537] generation=2 pid=4696 child started: python3",
            "2026-12-02T20:23:23.945Z INFO  baton[4537] generation=2 pid=4696 http check passed (attempt 1, 0.1 s)",
            "2026-12-02T20:23:23.954Z INFO  baton[4537] generation=2 pid=4696 restart completed: generation 2 took over"
                    + " from generation 1 (pid 4566)");
    private static final long KILL = Instant.parse("2026-12-02T20:23:23.552Z").toEpochMilli();

    /** The old child answering one request every 100 ms from {@code from} to {@code to}. */
    private static List<LoadGen.Sample> answers(long pid, long from, long to) {
        List<LoadGen.Sample> out = new ArrayList<>();
        for (long t = from; t < to; t += 100) {
            out.add(new LoadGen.Sample(t, 600, LoadGen.Outcome.OK, pid, false));
        }
        return out;
    }

    @Test
    void aCrashOnProbationIsRolledBackAndTimedFromTheExitTheBenchSaw() {
        long exited = HUP + 2243; // 20:22:57.643, 2 ms before baton's line
        Recovery.Rollback b = Recovery.rollback(PROBATION_LOG, 2, HUP, 4272, exited, 4205, true,
                answers(4205, HUP, HUP + 4000));

        assertTrue(b.rolledBack());
        assertEquals("generation=2 pid=4272 flip failed: rolled back: new child exited with code 3, 2.0 s into"
                + " probation; generation 1 keeps serving", b.line());
        assertEquals(2, b.toRecovered(), "crash seen at .643, rollback logged at .645");
        assertEquals(2002, b.healthyToCrash(), "check passed at .641");
        assertTrue(b.oldAnswered(), "the old child answered every half-second from SIGHUP to a second after");
    }

    @Test
    void anOldChildSilentForHalfASecondDidNotServeThroughout() {
        List<LoadGen.Sample> gap = new ArrayList<>(answers(4205, HUP, HUP + 1000));
        gap.addAll(answers(4205, HUP + 1600, HUP + 4000));
        Recovery.Rollback b = Recovery.rollback(PROBATION_LOG, 2, HUP, 4272, HUP + 2243, 4205, true, gap);
        assertFalse(b.oldAnswered());
    }

    @Test
    void aFlipThatWasNotRolledBackHasNoLine() {
        Recovery.Rollback b = Recovery.rollback(PROBATION_LOG.subList(0, 5), 2, HUP, 4272, HUP + 2243, 4205, true,
                List.of());
        assertFalse(b.rolledBack());
        assertEquals(-1, b.toRecovered());
    }

    @Test
    void aRestartIsReadFromItsLinesAndTheNewChildsFirstAnswer() {
        List<LoadGen.Sample> samples = List.of(
                new LoadGen.Sample(KILL - 10, 500, LoadGen.Outcome.OK, 4566, false),
                new LoadGen.Sample(KILL + 20, 420_000, LoadGen.Outcome.OK, 4696, true), // waited in the backlog
                new LoadGen.Sample(KILL + 30, 500_000, LoadGen.Outcome.OK, 4696, false));

        Recovery.Restart k = Recovery.restart(RESTART_LOG, 1, 4566, KILL, samples);

        assertEquals(250, k.plannedBackoffMs());
        assertEquals(262, k.waited(), "death seen at .556, the new child spawned at .818");
        assertEquals(4696, k.newChild());
        assertEquals(402, k.toRecovered(), "SIGKILL at .552, restart completed at .954");
        assertEquals(440, k.toServingAgain(), "the first answer from 4696 ended at +440");
        assertEquals(4537, k.batonPid());
    }

    @Test
    void durationsAsBatonWritesThem() {
        assertEquals(250, Recovery.millis("250ms"));
        assertEquals(2000, Recovery.millis("2s"));
        assertEquals(1500, Recovery.millis("1.5s"));
        assertEquals(600_000, Recovery.millis("10m"));
        assertEquals(-1, Recovery.millis("soon"));
    }

    @Test
    void onlyFailuresAsTheChildWentArePutDownToIt() {
        Recovery.Restart k = Recovery.restart(RESTART_LOG, 1, 4566, KILL, List.of());
        List<LoadGen.Sample> samples = new ArrayList<>(answers(4566, KILL - 3000, KILL));
        samples.add(new LoadGen.Sample(KILL - 1, 2_000, LoadGen.Outcome.RESET, -1, false)); // in flight at the kill
        samples.add(new LoadGen.Sample(KILL + 4, 300, LoadGen.Outcome.RESET, -1, true)); // its keep-alive connection
        samples.add(new LoadGen.Sample(KILL + 2000, 300, LoadGen.Outcome.RESET, -1, false)); // later: not the kill's
        Scenario.Spec spec = new Scenario.Spec("fault-crash-restart", Scenario.Mode.LISTENERS, "http", 1,
                Scenario.Fault.CRASH_RESTART);
        Report report = new Report(new Scenario.Result(spec, samples, List.of(), 0, 0, KILL - 3000, KILL - 1,
                KILL + 5000, 0, 0, 0, 0, 0, 11, 11, 11, 0, null, List.of(), Scenario.Supervision.NONE, List.of(k)));

        assertEquals(2, report.failedOnGoneChild());
        assertEquals(1, report.failedOtherwise());
        assertTrue(report.table().contains("2 lost with the child that was killed"), report.table());
        assertTrue(report.json().contains("\"failed_otherwise\":1"), report.json());
        assertTrue(report.json().contains("\"restart_backoff_planned_ms\":[250]"), report.json());
    }
}
