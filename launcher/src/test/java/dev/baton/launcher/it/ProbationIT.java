package dev.baton.launcher.it;

import dev.baton.core.supervisor.Pidfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * upgrade.probation in each flip mode, through sockets baton holds, under paced load. First the new
 * child crashes 2 s after it became healthy: the flip is rolled back, the old child serves on, and
 * {@code baton upgrade} returns 1 with the reason. Then a clean release passes its probation, with
 * both children answering requests side by side meanwhile (counted by the pid in each answer): the
 * flip commits, the old child is gone after it, and {@code baton upgrade} returns 0. The only
 * requests that may fail are those in flight on the crashing child (resets, counted apart); all
 * others must succeed.
 */
class ProbationIT extends ItBase {
    static final Duration STEP = Duration.ofSeconds(40);
    static final int PER_KIND = 2;
    static final String PROBATION = "5s";

    private Path cfg;

    /** Writes the config: {@code crash}: its child exits (code 3) 2 s after it was first found healthy. */
    private Path config(String mode, int port, boolean crash) {
        pidfile = dir.resolve("baton.pid");
        String app = "[python3, \"" + ListenersIT.examples().resolve("listeners/python/app.py") + "\""
                + (crash ? ", --crash-after-healthy, \"2\"" : "") + "]";
        cfg = write("app.yaml", String.join("\n",
                "command: " + app,
                "pidfile: " + pidfile,
                "upgrade: {mode: " + mode + ", timeout: 20s, start_allowance: 20s, probation: " + PROBATION + "}",
                "shutdown: {timeout: 2s}",
                "listeners: [{name: web, address: \"tcp://127.0.0.1:" + port + "\"}]",
                "healthcheck: {http: {url: \"http://127.0.0.1:" + port + "/health\", body: \"^pid={{child_pid}}$\", "
                        + "interval: 20ms}}",
                ""));
        return cfg;
    }

    /** The child pid of the last "generation=N pid=P child started" line (a rolled-back flip reuses N). */
    private static long lastChildOf(Baton baton, int generation) {
        var m = java.util.regex.Pattern.compile("generation=" + generation + " pid=(\\d+) child started").matcher(baton.log());
        long pid = -1;
        while (m.find()) {
            pid = Long.parseLong(m.group(1));
        }
        assertTrue(pid > 0, baton.log());
        return pid;
    }

    private Baton cli(String... args) {
        Baton b = Baton.start(dir, env(), args);
        batons.add(b);
        return b;
    }

    private void inEachMode(String mode) {
        int port = Http.freePort();
        Baton baton = run(config(mode, port, false));
        baton.awaitReady();
        long oldChild = baton.childPid(1);
        Baton none = cli("commit", "-c", cfg.toString());
        assertEquals(1, none.awaitExit(STEP), none.log());
        assertEquals("baton: no flip in probation\n", none.log());

        try (Load load = new Load(Load.tcp(port), PER_KIND, Duration.ofMinutes(3))) {
            long before = load.total();
            Await.until("requests to generation 1", STEP, () -> load.total() > before + 20);

            // a release that crashes on probation
            config(mode, port, true);
            Baton failing = cli("upgrade", "-c", cfg.toString());
            assertEquals(1, failing.awaitExit(STEP), failing.log() + "\n--- baton ---\n" + baton.log());
            assertTrue(failing.log().matches("baton: flip failed: rolled back: new child exited with code 3, "
                    + "[12]\\.\\d s into probation\n"), failing.log());
            long resets = load.failed(Load.Failure.RESET);
            assertTrue(Procs.alive(oldChild), "the old child serves throughout");
            assertEquals(baton.pid(), Pidfile.read(pidfile).orElseThrow(), "the pidfile names the old baton again");
            Baton status = cli("status", "-c", cfg.toString());
            assertEquals(0, status.awaitExit(STEP));
            assertTrue(status.out().contains("child pid:   " + oldChild + "\n"), status.out());
            assertTrue(status.out().contains("rolled back: new child exited with code 3"), status.out());

            long afterRollback = load.total();
            Await.until("requests after the rollback", STEP, () -> load.total() > afterRollback + 50);

            // a clean release: it passes its probation, and only then does the old child go
            config(mode, port, false);
            Baton passing = cli("upgrade", "-c", cfg.toString());
            Await.until("the probation", STEP, () -> {
                Baton s = cli("status", "-c", cfg.toString());
                s.awaitExit(STEP);
                return s.out().contains("probation until ");
            });
            assertTrue(Procs.alive(oldChild), "the old child serves during probation");
            long newChild = lastChildOf(baton, 2);
            long oldBefore = load.servedBy(oldChild);
            Await.until("both generations answer requests side by side on probation", STEP,
                    () -> load.servedBy(newChild) >= 10 && load.servedBy(oldChild) >= oldBefore + 10);
            assertTrue(passing.isAlive() && Procs.alive(oldChild), "still on probation: " + load.servedBy(newChild)
                    + " requests to the new child, " + (load.servedBy(oldChild) - oldBefore) + " more to the old one");
            System.out.println(getClass().getSimpleName() + " " + mode + ": on probation the new child answered "
                    + load.servedBy(newChild) + " requests and the old child " + (load.servedBy(oldChild) - oldBefore)
                    + " more");
            assertEquals(0, passing.awaitExit(STEP), passing.log() + "\n--- baton ---\n" + baton.log());
            assertTrue(passing.out().startsWith("baton: generation 2 took over"), passing.out()
                    + " (a rolled-back flip does not advance the generation)");
            Await.until("the old child is gone", STEP, () -> !Procs.alive(oldChild));
            long afterCommit = load.total();
            Await.until("requests after the commit", STEP, () -> load.total() > afterCommit + 50);
            load.close();
            String summary = "rollback then commit, " + load.report() + "; " + resets
                    + " reset by the crashing child, all of them before the rollback ended";
            System.out.println(getClass().getSimpleName() + " " + mode + ": " + summary);
            assertEquals(0, load.failed(Load.Failure.REFUSED), summary);
            assertEquals(0, load.failed(Load.Failure.NON_2XX), summary);
            assertEquals(0, load.failed(Load.Failure.TIMEOUT), summary);
            assertEquals(resets, load.failed(Load.Failure.RESET), "no reset but on the crashing child: " + summary);
            assertTrue(resets <= PER_KIND * 2, "at most one request per load thread in flight on it: " + summary);
        }
        assertTrue(baton.log().contains("took over") && baton.log().contains(" (probation passed)"), baton.log());
    }

    @Test
    void inPlace() {
        inEachMode("inplace");
    }

    @Test
    void byReexec() {
        inEachMode("reexec");
    }
}
