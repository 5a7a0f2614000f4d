package dev.baton.bench;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failed request is placed in its flip, next to what baton did to the old child (from baton's log lines). */
class ReportTest {
    private static final long HUP = Instant.parse("2026-12-01T21:47:44.000Z").toEpochMilli();

    private static final List<String> LOG = List.of(
            "2026-12-01T21:47:44.100Z INFO  baton[4900] generation=2 pid=5000 child started: python3",
            "2026-12-01T21:47:44.500Z INFO  baton[4900] generation=2 pid=5000 ready",
            "2026-12-01T21:47:44.520Z INFO  baton[4818] generation=1 pid=4928 flip completed: new baton pid 4900"
                    + " (generation 2, child pid 5000) took over; stopping generation 1",
            "2026-12-01T21:47:46.570Z WARN  baton[4818] generation=1 pid=4928 process group still running 2s after"
                    + " SIGTERM; sending SIGKILL",
            "2026-12-01T21:47:46.575Z INFO  baton[4818] generation=1 pid=4928 stopped: child killed by SIGKILL;"
                    + " exiting, the new baton (pid 4900) took over");

    private static Scenario.Result result(List<Timeline> flips, List<LoadGen.Failure> failures) {
        Scenario.Spec spec = new Scenario.Spec("listeners", Scenario.Mode.LISTENERS, "http", 1, Scenario.Fault.NONE);
        return new Scenario.Result(spec, List.of(), flips, 1, 0, HUP - 3000, HUP - 1, HUP + 5000, 0, 0, 0, 0, 0, 11, 11,
                11, 0, null, failures);
    }

    @Test
    void aResetRightAfterTheOldChildWasSigkilledSaysSo() {
        Timeline flip = Timeline.of(LOG, 2, HUP, List.of());
        assertTrue(flip.oldChildKilled(), "the SIGKILL line is read");
        LoadGen.Failure f = new LoadGen.Failure(HUP + 2572, LoadGen.Outcome.RESET, false, true,
                "java.net.SocketException: Connection reset");
        Report report = new Report(result(List.of(flip), List.of(f)));

        assertEquals(1, report.oldChildKilled());
        assertEquals("reset, new connection, flip 1 at SIGHUP+2572 ms (old child signalled +520, SIGKILLed +2570,"
                + " gone +2575): java.net.SocketException: Connection reset", report.describe(f));
        assertTrue(report.table().contains("old child SIGKILLed at shutdown.timeout in 1"), report.table());
        assertTrue(report.json().contains("\"old_child_killed\":1"), report.json());
    }

    @Test
    void aFlipWhoseOldChildDrainedCountsNoKill() {
        List<String> drained = List.of(LOG.get(0), LOG.get(1), LOG.get(2),
                "2026-12-01T21:47:44.560Z INFO  baton[4818] generation=1 pid=4928 stopped: child exited with code 0;"
                        + " exiting, the new baton (pid 4900) took over");
        Timeline flip = Timeline.of(drained, 2, HUP, List.of());
        LoadGen.Failure f = new LoadGen.Failure(HUP + 700, LoadGen.Outcome.RESET, true, false,
                "java.io.EOFException: closed before a full response");
        Report report = new Report(result(List.of(flip), List.of(f)));

        assertEquals(0, report.oldChildKilled());
        assertEquals("reset, keep-alive (reused connection), flip 1 at SIGHUP+700 ms (old child signalled +520,"
                + " gone +560): java.io.EOFException: closed before a full response", report.describe(f));
    }
}
