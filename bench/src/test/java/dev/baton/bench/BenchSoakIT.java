package dev.baton.bench;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI-sized soak: the benchmark's scenarios with 10 flips per socket mode and one fault run per
 * kind, under the same paced load (both connection styles). It asserts what the README claims;
 * the figures it prints are for reading, not asserted (the full run is scripts/bench.sh).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchSoakIT {
    private static final int FLIPS = 10;
    private Path home;
    private Path examples;
    private Path out;
    private Path work;
    private final List<Report> reports = new ArrayList<>();

    @BeforeAll
    void locate() throws IOException {
        home = Path.of(System.getProperty("baton.home", "../launcher/target/baton")).toAbsolutePath();
        examples = Path.of(System.getProperty("baton.examples", "../examples")).toAbsolutePath();
        out = Files.createDirectories(Path.of(System.getProperty("bench.out", "target/soak")));
        work = Files.createTempDirectory("baton-soak-");
        assertTrue(Files.isExecutable(home.resolve("bin/baton")),
                "the baton distribution is missing at " + home + " (build the launcher module first: mvn package)");
        assertTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")) || onPath("nginx"),
                "the alternate mode needs nginx from Debian's packages: run ./test.sh, or apt-get install nginx-light");
        assertTrue(onPath("python3"), "the demo app needs python3: run ./test.sh, or apt-get install python3");
        assertTrue(onPath(StarterScenario.PROGRAM),
                "the peers check runs Server::Starter: run ./test.sh, or apt-get install libserver-starter-perl");
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private Report run(String name, Scenario.Mode mode, String readiness, int flips, Scenario.Fault fault)
            throws Exception {
        return run(new Scenario.Spec(name, mode, readiness, flips, fault));
    }

    private Report run(Scenario.Spec spec) throws Exception {
        String name = spec.name();
        Scenario.Result result = spec.flipper() == Scenario.Flipper.SERVER_STARTER
                ? new StarterScenario(spec, examples, work).run(600)
                : new Scenario(spec, home, examples, work).run(600);
        Report report = new Report(result);
        reports.add(report);
        System.out.print(report.table());
        Plot.write(result, out.resolve("soak-" + name + ".png"));
        assertNull(result.problem(), name + ": " + result.problem());
        assertEquals(0, result.leftovers(), name + ": processes left behind");
        assertTrue(result.samples().size() > 1000, name + ": the load ran (" + result.samples().size() + " requests)");
        return report;
    }

    private static void assertNoRequestFailed(Report r) {
        assertEquals(0, r.failed(), r.r.spec().name() + ": failed requests\n" + r.table());
    }

    @Test
    void listenersModeLosesNothing() throws Exception {
        Report r = run("listeners", Scenario.Mode.LISTENERS, "http", FLIPS, Scenario.Fault.NONE);
        assertEquals(FLIPS, r.r.completed());
        assertNoRequestFailed(r);
        // an old child stuck in its drain loses nothing until its SIGKILL, whatever was in flight then
        assertEquals(0, r.oldChildKilled(), "every old child drained on SIGTERM, none was SIGKILLed\n" + r.table());
        assertEquals(r.r.fdsBefore(), r.r.fdsAfter(), "baton's fd count is the same after " + FLIPS + " flips");
    }

    @Test
    void alternateModeBehindNginxLosesNothing() throws Exception {
        Report r = run("alternate", Scenario.Mode.ALTERNATE, "http", FLIPS, Scenario.Fault.NONE);
        assertEquals(FLIPS, r.r.completed());
        assertNoRequestFailed(r);
    }

    @Test
    void reuseportModeFlipsAndIsReported() throws Exception {
        // SO_REUSEPORT loses what is queued on the old socket when it closes: reported, not held to 0
        Report r = run("reuseport", Scenario.Mode.REUSEPORT, "http", FLIPS, Scenario.Fault.NONE);
        assertEquals(FLIPS, r.r.completed());
        assertEquals(0, r.outcomes.get(LoadGen.Outcome.REFUSED), "a reuseport socket is always bound: no refusals");
    }

    @Test
    void notifyReadinessFlips() throws Exception {
        Report r = run("readiness-notify", Scenario.Mode.LISTENERS, "notify", 3, Scenario.Fault.NONE);
        assertEquals(3, r.r.completed());
        assertNoRequestFailed(r);
    }

    @Test
    void newChildExitingAtStartCostsNothing() throws Exception {
        faultHeldToZero("fault-exit-at-start", Scenario.Fault.EXIT_AT_START);
    }

    @Test
    void newChildNeverHealthyCostsNothing() throws Exception {
        faultHeldToZero("fault-never-healthy", Scenario.Fault.NEVER_HEALTHY);
    }

    @Test
    void newBatonKilledCostsNothing() throws Exception {
        faultHeldToZero("fault-kill-new-baton", Scenario.Fault.KILL_NEW_BATON);
    }

    private void faultHeldToZero(String name, Scenario.Fault fault) throws Exception {
        Report r = run(name, Scenario.Mode.LISTENERS, "http", 1, fault);
        assertEquals(1, r.r.failed(), name + ": the faulty flip failed");
        assertEquals(1, r.r.completed(), name + ": the good flip after it completed");
        assertNoRequestFailed(r);
    }

    @Test
    void newChildCrashingAfterAcceptIsReported() throws Exception {
        Report r = run("fault-crash-after-accept", Scenario.Mode.LISTENERS, "http", 1,
                Scenario.Fault.CRASH_AFTER_ACCEPT);
        assertEquals(1, r.r.failed(), "the crashing generation's flip failed; the old one kept serving");
        assertEquals(1, r.r.completed());
    }

    @Test
    void oldChildIgnoringTermIsKilledAndReported() throws Exception {
        Report r = run("fault-ignore-term", Scenario.Mode.LISTENERS, "http", 1, Scenario.Fault.IGNORE_TERM);
        assertEquals(1, r.r.completed());
        assertTrue(r.phase(Timeline::appDrain).get(0) >= 2000, "the old child was killed after shutdown.timeout 2s");
        assertEquals(1, r.oldChildKilled(), "the report counts the SIGKILL\n" + r.table());
    }

    @Test
    void newChildCrashingOnProbationIsRolledBackWhileTheOldChildServes() throws Exception {
        Report r = run("fault-probation-rollback", Scenario.Mode.LISTENERS, "http", 1,
                Scenario.Fault.PROBATION_ROLLBACK);
        assertEquals(1, r.r.failed(), "the flip whose new child crashed on probation failed\n" + r.table());
        assertEquals(1, r.r.completed(), "the clean flip after it passed its probation\n" + r.table());
        Recovery.Rollback b = r.rollbacksOnProbation().get(0);
        assertTrue(b.line().contains("flip failed: rolled back: new child exited with code 3"), r.table());
        assertTrue(b.oldAliveAfter() && b.oldAnswered(), "the old child served throughout\n" + r.table());
        assertEquals(0, r.failedOtherwise(), "no request failed but on the crashing child\n" + r.table());
    }

    @Test
    void aKilledChildIsRestartedInPlaceAfterItsBackoffAndNoConnectionIsRefused() throws Exception {
        // one SIGKILL keeps this under 10 s; the doubling backoff is RestartLivenessIT's (launcher)
        Report r = run("fault-crash-restart", Scenario.Mode.LISTENERS, "http", 1, Scenario.Fault.CRASH_RESTART);
        assertEquals(1, r.restarts().size());
        Recovery.Restart k = r.restarts().get(0);
        assertEquals(Recovery.millis(Scenario.RESTART_BACKOFF), k.plannedBackoffMs(), r.table());
        assertTrue(k.waited() >= k.plannedBackoffMs() - 2, "the backoff was kept\n" + r.table());
        assertTrue(k.recoveredAt() > 0 && k.servingAgain() > 0, "restarted and answering\n" + r.table());
        assertEquals(0, r.outcomes.get(LoadGen.Outcome.REFUSED), "baton held the socket: none refused\n" + r.table());
        assertEquals(0, r.failedOtherwise(), "no request failed but on the killed child\n" + r.table());
    }

    /**
     * {@code scripts/bench.sh --peers}, CI-sized: Server::Starter and an in-place baton, 3 flips
     * each, through the same app and load. Both flip every time and lose nothing on the shared
     * socket; the comparison has a ratio in every row it measures. The figures are for reading.
     */
    @Test
    void peersComparisonRunsServerStarterBesideBaton() throws Exception {
        List<Report> runs = new ArrayList<>();
        for (Scenario.Spec spec : Comparison.plan(3, List.of("inplace"), 1)) {
            Report r = run(spec);
            assertEquals(3, r.r.completed(), spec.name() + " flipped 3 times\n" + r.table());
            assertNoRequestFailed(r);
            runs.add(r);
        }
        assertEquals("in place", runs.get(1).flipKind(), "upgrade.mode inplace flipped in place");
        Comparison c = Comparison.of(runs).orElseThrow();
        String table = c.table();
        System.out.print(table + c.targetsTable());
        for (String row : List.of("SIGHUP -> old child gone, p50", "supervisor RSS peak", "supervisor CPU for 3 flips")) {
            String line = table.lines().filter(l -> l.contains(row)).findFirst().orElseThrow(() -> new AssertionError(
                    "no row " + row + " in\n" + table));
            assertTrue(line.matches(".*(\\d\\.\\d\\d|>\\d+)x\\s*$"), "a ratio ends the row: " + line);
        }
    }

    @AfterAll
    void writeResults() throws IOException {
        StringBuilder json = new StringBuilder("[\n");
        for (Report r : reports) {
            json.append(json.length() > 2 ? ",\n" : "").append(r.json());
        }
        Files.writeString(out.resolve("results.json"), json + "\n]\n");
    }
}
