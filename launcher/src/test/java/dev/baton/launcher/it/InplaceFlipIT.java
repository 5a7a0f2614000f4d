package dev.baton.launcher.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In-place flips ({@code upgrade.mode: inplace}) of real children, and every way one can fail. */
class InplaceFlipIT extends ItBase {
    static final Duration FLIP = Duration.ofSeconds(20);

    int port;
    int health1;
    int health2;
    Path record;

    @BeforeEach
    void ports() {
        port = Http.freePort();
        health1 = Http.freePort();
        health2 = Http.freePort();
        record = dir.resolve("signals.log");
    }

    /** A config whose generations share {@code port} and each get their own health port. */
    String config(String extraYaml, String... extraFlags) {
        List<String> flags = new ArrayList<>(List.of("--port", Integer.toString(port), "--health-port", "{{alt}}",
                "--record", record.toString()));
        flags.addAll(List.of(extraFlags));
        return String.join("\n",
                "command: " + app(flags.toArray(String[]::new)),
                "alternate: [\"" + health1 + "\", \"" + health2 + "\"]",
                "upgrade: {mode: inplace, timeout: 20s}",
                "shutdown: {timeout: 2s}",
                "healthcheck: {http: {url: \"http://127.0.0.1:{{alt}}/health\", interval: 20ms}}",
                extraYaml,
                "");
    }

    /** Sends the upgrade signal and waits until the n-th flip has ended (old generation gone). */
    static void flip(Baton baton, int n) {
        baton.signal("HUP");
        baton.awaitLog("flip completed", n, FLIP);
        baton.awaitLog("stopped: child", n, FLIP);
    }

    List<String> signalsOf(long pid) {
        return lines(record).stream().filter(l -> l.startsWith(pid + " ")).map(l -> l.substring(l.indexOf(' ') + 1))
                .toList();
    }


    @Test
    void tenFlipsInARow() {
        Baton baton = run(write("app.yaml", config("")));
        baton.awaitReady();
        long old = baton.childPid(1);
        assertEquals(old, Http.pid(port));
        int fdsAfterFirst = -1;
        for (int gen = 2; gen <= 11; gen++) {
            flip(baton, gen - 1);
            long now = baton.childPid(gen);
            assertNotEquals(old, now);
            assertEquals(now, Http.pid(port), "generation " + gen + "'s child serves");
            assertEquals(List.of("TERM"), signalsOf(old), "the old child got shutdown.signal, once");
            assertFalse(Procs.alive(old), "the old child is gone");
            assertTrue(Procs.alive(now));
            if (gen == 2) {
                fdsAfterFirst = Procs.fdCount(baton.pid());
            }
            old = now;
        }
        // a check's last connection or a control client's socket may close a moment later: a leak never does
        int first = fdsAfterFirst;
        Await.until("baton's fd count after 10 flips back to what it was after 1 (" + first + ")", Duration.ofSeconds(10),
                () -> Procs.fdCount(baton.pid()) <= first, () -> " (now " + Procs.fds(baton.pid()) + ")");
        assertEquals(baton.pid(), Procs.stat(old).orElseThrow().ppid(), "baton kept its pid and is the parent");
        baton.signal("TERM");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(10)));
    }

    @Test
    void editedConfigTakesEffectAndRemovedEnvKeysAreGone() {
        Path cfg = write("app.yaml", config("env: {A: \"1\", B: \"2\"}"));
        Baton baton = run(cfg);
        baton.awaitReady();
        assertEquals("1", Http.get(port, "/env/A").orElse("?"));
        assertEquals("2", Http.get(port, "/env/B").orElse("?"));
        write("app.yaml", config("env: {A: \"3\"}"));
        flip(baton, 1);
        assertEquals("3", Http.get(port, "/env/A").orElse("?"));
        assertTrue(Http.get(port, "/env/B").isEmpty(), "B was removed from the config, so the new child lacks it");
    }

    @Test
    void alternateRotatesAndAFailedFlipDoesNotReuseTheRunningValue() {
        Path altlog = dir.resolve("alt.log");
        String good = config("env: {ALT: \"{{alt}}\"}");
        Path cfg = write("app.yaml", good);
        Baton baton = run(cfg);
        baton.awaitReady();
        assertEquals(Integer.toString(health1), Http.get(port, "/env/ALT").orElse("?"));
        flip(baton, 1);
        assertEquals(Integer.toString(health2), Http.get(port, "/env/ALT").orElse("?"));
        // a candidate that records its {{alt}} and fails
        write("app.yaml", String.join("\n",
                "command: [sh, -c, \"echo {{alt}} >> " + altlog + "; exit 1\"]",
                "alternate: [\"" + health1 + "\", \"" + health2 + "\"]",
                "upgrade: {mode: inplace, timeout: 20s}",
                "healthcheck: {alive: {duration: 1s}}", ""));
        baton.signal("HUP");
        baton.awaitLog("flip failed", FLIP);
        assertEquals(List.of(Integer.toString(health1)), lines(altlog), "the failed candidate got the next value");
        assertEquals(Integer.toString(health2), Http.get(port, "/env/ALT").orElse("?"), "old generation serves");
        write("app.yaml", good);
        flip(baton, 2);
        assertEquals(Integer.toString(health1), Http.get(port, "/env/ALT").orElse("?"),
                "generation 3 uses the value after generation 2's");
    }

    @Test
    void newChildExitingAtStartLeavesTheOldOneServing() {
        Path cfg = write("app.yaml", config(""));
        Baton baton = run(cfg);
        baton.awaitReady();
        long old = baton.childPid(1);
        write("app.yaml", config("", "--exit-at-start", "3"));
        baton.signal("HUP");
        baton.awaitLog("flip failed: new child exited with code 3 before it was healthy; generation 1 keeps serving",
                FLIP);
        long candidate = baton.childPid(2);
        Await.until("the candidate's group to be gone", FLIP, () -> Procs.group(candidate).isEmpty());
        assertEquals(old, Http.pid(port));
        assertEquals(List.of(), signalsOf(old), "the old child was not disturbed");
    }

    @Test
    void newChildNeverHealthyIsKilledAtTheDeadline() {
        Path cfg = write("app.yaml", config(""));
        Baton baton = run(cfg);
        baton.awaitReady();
        long old = baton.childPid(1);
        // the new generation checks a port nobody listens on, with a 1 s deadline
        int dead = Http.freePort();
        write("app.yaml", config("").replace("{{alt}}/health", dead + "/health")
                .replace("timeout: 20s", "timeout: 1s"));
        baton.signal("HUP");
        baton.awaitLog("flip failed: not healthy within 1s \\(last: http check: connection refused by "
                + "http://127\\.0\\.0\\.1:" + dead + "/health \\(attempt \\d+, \\d\\.\\d s\\)\\); generation 1 keeps serving", FLIP);
        long candidate = baton.childPid(2);
        Await.until("the candidate's group to be gone", Duration.ofSeconds(5), () -> Procs.group(candidate).isEmpty());
        assertEquals(old, Http.pid(port));
        assertEquals(List.of(), signalsOf(old));
    }

    @Test
    void invalidConfigAtReloadLeavesTheOldOneServing() {
        Path cfg = write("app.yaml", config(""));
        Baton baton = run(cfg);
        baton.awaitReady();
        long old = baton.childPid(1);
        write("app.yaml", config("").replace("timeout: 2s", "timeout: 2 seconds"));
        baton.signal("HUP");
        baton.awaitLog("generation=2 flip failed: config error: .*app.yaml:4: shutdown.timeout: \"2 seconds\" is not a "
                + "duration; expected a duration such as 250ms, 5s or 1m30s; generation 1 keeps serving", FLIP);
        assertEquals(old, Http.pid(port));
        assertEquals(List.of(), signalsOf(old));
        write("app.yaml", config(""));
        flip(baton, 1);
        assertNotEquals(old, Http.pid(port), "a fixed config flips");
    }

    @Test
    void upgradeSignalStormRunsOneFlipAtATimeAndAppliesTheQueuedOne() throws Exception {
        Path cfg = write("app.yaml", config("env: {V: \"1\"}"));
        Baton baton = run(cfg);
        baton.awaitReady();
        for (int i = 0; i < 20; i++) {
            baton.signal("HUP");
            if (i == 4) {
                write("app.yaml", config("env: {V: \"2\"}"));
            }
            Thread.sleep(50); // pacing the storm: 20 signals over about a second, not a wait for anything
        }
        Await.until("the last flip to end and the edit to be served", FLIP,
                () -> "2".equals(Http.get(port, "/env/V").orElse("")) && flipsEnded(baton) == flipsStarted(baton));
        int started = flipsStarted(baton);
        assertTrue(started >= 2 && started <= 20, "signals coalesced into a few flips: " + started);
        // one at a time: every "flip initiated" is followed by that flip's end before the next one
        Matcher m = Pattern.compile("flip initiated|stopped: child|flip failed").matcher(baton.log());
        boolean inFlip = false;
        while (m.find()) {
            boolean start = m.group().equals("flip initiated");
            assertTrue(start != inFlip, "flips overlapped:\n" + baton.log());
            inFlip = start;
        }
        assertEquals(0, baton.count("flip failed"));
    }

    private static int flipsStarted(Baton b) {
        return b.count("flip initiated");
    }

    private static int flipsEnded(Baton b) {
        return b.count("stopped: child") + b.count("flip failed");
    }

    @Test
    void oldChildIgnoringTermIsKilledAfterShutdownTimeout() {
        Path cfg = write("app.yaml", config("", "--ignore", "TERM").replace("timeout: 2s", "timeout: 1s"));
        Baton baton = run(cfg);
        baton.awaitReady();
        long old = baton.childPid(1);
        flip(baton, 1);
        assertEquals(List.of("TERM"), signalsOf(old));
        assertTrue(baton.log().contains("generation=1 pid=" + old + " process group still running 1s after SIGTERM; "
                + "sending SIGKILL"), baton.log());
        assertFalse(Procs.alive(old));
    }

    @Test
    void forkingChildsWorkersAreGoneAfterAFlip() {
        Path pids = dir.resolve("pids");
        Path cfg = write("app.yaml", config("", "--workers", "2", "--workers-ignore-term", "--pids", pids.toString())
                .replace("timeout: 2s", "timeout: 1s"));
        Baton baton = run(cfg);
        baton.awaitReady();
        long old = baton.childPid(1);
        Await.until("2 workers", Duration.ofSeconds(5), () -> Procs.group(old).size() == 3);
        List<Long> oldGroup = Procs.group(old).stream().map(Procs.Stat::pid).toList();
        flip(baton, 1);
        for (long p : oldGroup) {
            assertFalse(Procs.alive(p), "pid " + p + " of the old generation's group is gone");
        }
        assertTrue(Procs.group(old).isEmpty());
        long now = baton.childPid(2);
        Await.until("the new generation's workers", Duration.ofSeconds(5), () -> Procs.group(now).size() == 3);
    }
}
