package dev.baton.launcher.it;

import dev.baton.core.supervisor.Pidfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hooks:} with real processes: a failing before_flip aborts the flip before anything is
 * spawned, a failing after_healthy smoke test keeps the old generation (in place and by re-exec),
 * a hook that hangs goes with its group at its timeout, and after_flip and on_failure get the
 * flip's variables.
 */
class HooksIT extends ItBase {
    static final Duration FLIP = Duration.ofSeconds(20);

    int port;
    int health1;
    int health2;

    @BeforeEach
    void ports() {
        port = Http.freePort();
        health1 = Http.freePort();
        health2 = Http.freePort();
    }

    /** An executable shell script {@code name} in the test's directory. */
    Path script(String name, String body) {
        Path p = dir.resolve(name);
        try {
            Files.writeString(p, "#!/bin/sh\n" + body + "\n");
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }

    /** A hook script that writes its BATON_* variables to {@code file} (atomically), then exits {@code code}. */
    Path recorder(String name, Path file, int code) {
        return script(name, "env | grep '^BATON_' > " + file + ".tmp && mv " + file + ".tmp " + file + "\nexit " + code);
    }

    /** The variables a {@link #recorder} wrote, once it has. */
    Map<String, String> recorded(Path file) {
        Await.until(file + " to be written", FLIP, () -> Files.exists(file));
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : lines(file)) {
            int eq = line.indexOf('=');
            vars.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return vars;
    }

    /** The config: the test app on {@code port} (SO_REUSEPORT), each generation's health port {{alt}}. */
    String config(String mode, String hooks) {
        return String.join("\n",
                "command: " + app("--port", Integer.toString(port), "--health-port", "{{alt}}"),
                "alternate: [\"" + health1 + "\", \"" + health2 + "\"]",
                "pidfile: " + dir.resolve("baton.pid"),
                "upgrade: {mode: " + mode + ", timeout: 15s, start_allowance: 15s}",
                "shutdown: {timeout: 2s}",
                "healthcheck: {http: {url: \"http://127.0.0.1:{{alt}}/health\", interval: 20ms}}",
                "hooks:", hooks, "");
    }

    /** {@code baton upgrade -c cfg}: its exit code; its output and baton's log in {@code out[0]}. */
    int upgrade(Path cfg, Baton baton, String[] out) {
        Baton b = Baton.start(dir, env(), "upgrade", "-c", cfg.toString());
        int rc = b.awaitExit(FLIP);
        out[0] = b.out() + b.log() + "\n--- baton ---\n" + baton.log();
        return rc;
    }

    String serving() {
        return Http.get(port, "/").orElse("?");
    }

    @Test
    void aFailingBeforeFlipAbortsTheFlipWithItsLastLineAndNothingIsSpawned() {
        Path before = script("before.sh", "echo checking the schema\necho 'migrations pending' >&2\nexit 3");
        Path vars = dir.resolve("on_failure.env");
        Path onFailure = recorder("on_failure.sh", vars, 0);
        Path cfg = write("app.yaml", config("inplace", "  before_flip: {command: [" + before + "]}\n"
                + "  on_failure: {command: [" + onFailure + "]}"));
        Baton baton = run(cfg);
        baton.awaitReady();
        long child = baton.childPid(1);

        String[] out = new String[1];
        assertEquals(1, upgrade(cfg, baton, out), out[0]);
        assertTrue(out[0].contains("before_flip hook exited with code 3: migrations pending"), out[0]);
        assertEquals(1, baton.count("child started"), "nothing was spawned: " + baton.log());
        assertTrue(baton.log().contains("before_flip hook output: checking the schema"), baton.log());
        assertEquals("pid=" + child, serving());

        Map<String, String> v = recorded(vars);
        assertEquals("2", v.get("BATON_GENERATION"));
        assertEquals(Long.toString(child), v.get("BATON_OLD_CHILD_PID"));
        assertEquals("", v.get("BATON_NEW_CHILD_PID"));
        assertEquals("failed", v.get("BATON_FLIP_RESULT"));
        assertEquals("before_flip hook exited with code 3: migrations pending", v.get("BATON_REASON"));
        assertFalse(v.containsKey("BATON_PROTOCOL") || v.containsKey("BATON_HANDOVER_FD"), v.toString());
        baton.signal("TERM");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(10)));
    }

    @Test
    void afterFlipGetsTheVariablesAndAFailingSmokeTestKeepsTheOldGeneration() {
        Path vars = dir.resolve("after_flip.env");
        Path afterFlip = recorder("after_flip.sh", vars, 1); // a notification: its failure changes nothing
        Path smoke = script("smoke.sh", "python3 -c \"import urllib.request, sys; "
                + "urllib.request.urlopen('http://127.0.0.1:' + sys.argv[1] + '/health', timeout=2)\" \"$1\" || exit 2\n"
                + "echo \"smoke test of port $1: /checkout answered 500\"\nexit 1");
        Path cfg = write("app.yaml", config("inplace", "  after_flip: {command: [" + afterFlip + "]}"));
        Baton baton = run(cfg);
        baton.awaitReady();
        String[] out = new String[1];
        assertEquals(0, upgrade(cfg, baton, out), out[0]);
        Map<String, String> v = recorded(vars);
        assertEquals("2", v.get("BATON_GENERATION"));
        assertEquals(Long.toString(baton.childPid(1)), v.get("BATON_OLD_CHILD_PID"));
        assertEquals(Long.toString(baton.childPid(2)), v.get("BATON_NEW_CHILD_PID"));
        assertEquals("committed", v.get("BATON_FLIP_RESULT"));
        assertEquals("", v.get("BATON_REASON"));
        baton.awaitLog("after_flip hook ended: exited with code 1", FLIP);
        long serving = baton.childPid(2);
        assertEquals("pid=" + serving, serving());

        write("app.yaml", config("inplace", "  after_healthy: {command: [" + smoke + ", \"{{alt}}\"], timeout: 10s}"));
        assertEquals(1, upgrade(cfg, baton, out), out[0]);
        assertTrue(out[0].contains("after_healthy hook exited with code 1: smoke test of port " + health1
                + ": /checkout answered 500"), out[0]);
        long rejected = baton.childPid(3);
        Await.until("the rejected child to be gone", FLIP, () -> !Procs.alive(rejected));
        assertEquals("pid=" + serving, serving(), "the old generation keeps serving");
        assertTrue(Procs.alive(serving));
        baton.signal("TERM");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(10)));
    }

    @Test
    void aHookThatHangsIsKilledWithItsGroupAtItsTimeout() {
        Path pids = dir.resolve("hang.pids");
        Path hang = script("hang.sh", "sleep 600 &\necho $$ $! > " + pids + ".tmp && mv " + pids + ".tmp " + pids
                + "\nsleep 600");
        Path cfg = write("app.yaml", config("inplace", "  before_flip: {command: [" + hang + "], timeout: 1s}"));
        Baton baton = run(cfg);
        baton.awaitReady();
        String[] out = new String[1];
        long started = System.nanoTime();
        assertEquals(1, upgrade(cfg, baton, out), out[0]);
        long took = (System.nanoTime() - started) / 1_000_000;
        assertTrue(out[0].contains("before_flip hook still running after 1s (its timeout); killed with its process group"),
                out[0]);
        assertTrue(took < 10_000, "the flip failed at the hook's timeout, not later: " + took + " ms");
        List<Long> both = List.of(lines(pids).get(0).split(" ")).stream().map(Long::parseLong).toList();
        assertEquals(2, both.size());
        Await.until("both sleeps to be gone", Duration.ofSeconds(5), () -> both.stream().noneMatch(Procs::alive));
        assertEquals(1, baton.count("child started"));
        baton.signal("TERM");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(10)));
    }

    @Test
    void reexecTheNewBatonRunsAfterHealthyAndItsFailureKeepsTheOldBatonInCharge() {
        pidfile = dir.resolve("baton.pid");
        Path smoke = script("smoke.sh", "echo \"smoke test of generation $BATON_GENERATION (pid $BATON_NEW_CHILD_PID) "
                + "failed\"\nexit 1");
        Path vars = dir.resolve("on_failure.env");
        Path onFailure = recorder("on_failure.sh", vars, 0);
        Path cfg = write("app.yaml", config("reexec", "  after_healthy: {command: [" + smoke + "]}\n"
                + "  on_failure: {command: [" + onFailure + "]}"));
        Baton old = run(cfg);
        old.awaitReady();
        long child = old.childPid(1);
        String[] out = new String[1];
        assertEquals(1, upgrade(cfg, old, out), out[0]);
        long rejected = old.childPid(2); // the new baton logs to the same stderr
        assertTrue(out[0].contains("after_healthy hook exited with code 1: smoke test of generation 2 (pid " + rejected
                + ") failed"), out[0]);
        assertTrue(old.log().matches("(?s).*generation=2 after_healthy hook started.*"), old.log());
        Await.until("the rejected child to be gone", FLIP, () -> !Procs.alive(rejected));
        assertEquals(old.pid(), Pidfile.read(pidfile).orElseThrow(), "the old baton is in charge");
        assertEquals("pid=" + child, serving());

        Map<String, String> v = recorded(vars); // the old baton owns the failed flip
        assertEquals("failed", v.get("BATON_FLIP_RESULT"));
        assertEquals(Long.toString(child), v.get("BATON_OLD_CHILD_PID"));
        assertTrue(v.get("BATON_REASON").contains("smoke test of generation 2"), v.toString());
        old.signal("TERM");
        assertEquals(0, old.awaitExit(Duration.ofSeconds(10)));
    }
}
