package dev.baton.bench;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One flip's phases read from each flipper's log: baton in place, baton re-exec, start_server. */
class TimelineTest {
    private static final long HUP = Instant.parse("2026-12-01T22:41:03.000Z").toEpochMilli();

    @Test
    void anInPlaceFlipIsReadFromTheOneBatonsLines() {
        List<String> log = List.of(
                "2026-12-01T22:40:59.988Z INFO  baton[24083] generation=1 pid=24112 ready",
                "2026-12-01T22:41:03.017Z INFO  baton[24083] generation=2 flip initiated",
                "2026-12-01T22:41:03.034Z INFO  baton[24083] generation=2 pid=25198 child started: python3",
                "2026-12-01T22:41:03.205Z INFO  baton[24083] generation=2 pid=25198 http check passed (attempt 6, 0.2 s)",
                "2026-12-01T22:41:03.210Z INFO  baton[24083] generation=2 pid=25198 flip completed: generation 2 took"
                        + " over from generation 1 (pid 24112)",
                "2026-12-01T22:41:03.246Z INFO  baton[24083] generation=1 pid=24112 stopped: child exited with code 0");
        List<LoadGen.Sample> samples = List.of(
                new LoadGen.Sample(HUP + 100, 500, LoadGen.Outcome.OK, 24112, false),
                new LoadGen.Sample(HUP + 180, 2_000, LoadGen.Outcome.OK, 25198, true));

        Timeline t = Timeline.of(log, 2, HUP, samples);

        assertTrue(t.inPlace(), "the baton that started the new child stopped the old one");
        assertEquals(34, t.hupToSpawned());
        assertEquals(171, t.appStartup(), "an in-place candidate logs no \"ready\": its check passing is");
        assertEquals(210, t.hupToSignalled(), "\"generation 2 took over\" is when the old child is signalled");
        assertEquals(246, t.total());
        assertEquals(148, t.toFirstResponse(), "spawned +34 to the new child's first answer, complete at +182");
        assertEquals(-1, t.toMain(), "no new JVM");
    }

    @Test
    void anInPlaceFlipRolledBackOnProbationFailed() {
        List<String> log = List.of(
                "2026-12-01T22:41:03.020Z INFO  baton[24083] generation=2 flip initiated (in place: baton unchanged)",
                "2026-12-01T22:41:03.029Z INFO  baton[24083] generation=2 pid=25198 child started: python3",
                "2026-12-01T22:41:03.241Z INFO  baton[24083] generation=2 pid=25198 http check passed (attempt 9, 0.2 s)",
                "2026-12-01T22:41:05.245Z WARN  baton[24083] generation=2 pid=25198 flip failed: rolled back: new child"
                        + " exited with code 3, 2.0 s into probation; generation 1 keeps serving");

        Timeline t = Timeline.of(log, 2, HUP, List.of());

        assertTrue(t.failed(), "the candidate's line names its pid");
        assertEquals(2245, t.toRollback());
    }

    @Test
    void aReexecFlipIsTwoBatons() {
        List<String> log = List.of(
                "2026-12-01T22:41:03.001Z INFO  baton[100] generation=1 pid=101 flip initiated: starting a new baton",
                "baton-trace main " + (HUP + 80) * 1_000_000,
                "2026-12-01T22:41:03.300Z INFO  baton[200] generation=2 pid=201 child started: python3",
                "2026-12-01T22:41:03.560Z INFO  baton[200] generation=2 pid=201 ready",
                "2026-12-01T22:41:03.575Z INFO  baton[100] generation=1 pid=101 flip completed: new baton pid 200"
                        + " (generation 2, child pid 201) took over; stopping generation 1",
                "2026-12-01T22:41:03.610Z INFO  baton[100] generation=1 pid=101 stopped: child exited with code 0;"
                        + " exiting, the new baton (pid 200) took over");

        Timeline t = Timeline.of(log, 2, HUP, List.of());

        assertFalse(t.inPlace());
        assertEquals(80, t.toMain());
        assertEquals(300, t.hupToSpawned());
        assertEquals(575, t.hupToSignalled());
        assertEquals(610, t.total());
    }

    @Test
    void startServersStampedLinesMakeTheSamePhases() {
        List<String> log = List.of(
                "2026-12-01T22:40:58.000123Z starting new worker 500",
                "2026-12-01T22:41:03.000900Z received HUP, spawning a new worker",
                "2026-12-01T22:41:03.004100Z starting new worker 600",
                "2026-12-01T22:41:04.005200Z new worker is now running, sending TERM to old workers:500",
                "2026-12-01T22:41:04.005900Z killing old workers",
                "2026-12-01T22:41:04.030000Z old worker 500 died, status:0");
        List<LoadGen.Sample> samples = List.of(new LoadGen.Sample(HUP + 120, 1_000, LoadGen.Outcome.OK, 600, false));

        Timeline t = Timeline.ofServerStarter(log, 2, HUP, samples);

        assertTrue(t.inPlace(), "start_server never replaces itself");
        assertEquals(4, t.hupToSpawned());
        assertEquals(1001, t.appStartup(), "start_server's readiness: --interval=1 over, the worker alive");
        assertEquals(117, t.toFirstResponse(), "the app's own start-up, as the load saw it");
        assertEquals(1005, t.hupToSignalled());
        assertEquals(1030, t.total());
        assertEquals(25, t.appDrain());
    }
}
