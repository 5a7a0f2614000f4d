package dev.baton.launcher.it;

import dev.baton.core.supervisor.Pidfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code upgrade.mode: auto}, the default, on a real install (releases/, a {@code current}
 * symlink): one baton, flipped five times under load, in place while baton is unchanged and by a
 * re-exec each time something of baton changed, every time saying why. One shared run: each step
 * starts from the baton the step before left in charge.
 */
class AutoFlipIT extends ItBase {
    private static final Duration FLIP = Duration.ofSeconds(60);

    @Test
    void flipsInPlaceUntilBatonChangesThenReexecsAndSaysWhy() throws Exception {
        Path releases = Files.createDirectories(dir.resolve("releases"));
        Path a = ReexecFlipIT.copyRelease(releases.resolve("baton-0.9.0"), "0.9.0");
        Path b = ReexecFlipIT.copyRelease(releases.resolve("baton-0.9.1"), "0.9.1");
        Path current = dir.resolve("current");
        ReexecFlipIT.swap(current, a);
        String launcher = current.resolve("bin/baton").toString();

        int port = Http.freePort();
        pidfile = dir.resolve("app.pid");
        Path cfg = write("app.yaml", String.join("\n",
                "command: [python3, \"" + ListenersIT.examples().resolve("listeners/python/app.py") + "\"]",
                "pidfile: " + pidfile,
                "listeners: [{name: web, address: \"tcp://127.0.0.1:" + port + "\"}]",
                "healthcheck: {http: {url: \"http://127.0.0.1:" + port + "/health\", body: \"^pid={{child_pid}}$\", "
                        + "interval: 20ms}}", ""));
        Baton baton = Baton.startVia(dir, env(), launcher, "run", "-c", cfg.toString());
        batons.add(baton);
        baton.awaitReady();
        long first = baton.pid();

        try (Load load = new Load(Load.tcp(port), 2, Duration.ofMinutes(4))) {
            // 1. nothing of baton changed: in place, same baton pid (so the same MAINPID under systemd)
            assertEquals(first, upgrade(launcher, cfg, false), "an unchanged baton flips in place");
            baton.awaitLog("generation=2 .*flip initiated \\(in place: baton unchanged\\)", FLIP);

            // 2. a plugin jar added to the running install: re-exec, and the new baton loads it
            Files.copy(HealthChecksIT.pluginJar(), a.resolve("plugins/baton-ready-file-check.jar"));
            long second = upgrade(launcher, cfg, false);
            assertNotEquals(first, second, "a new plugin jar re-execs");
            baton.awaitLog("generation=3 .*flip initiated: starting a new baton through " + launcher
                    + " \\(the plugin jars changed \\( -> baton-ready-file-check.jar\\)\\)", FLIP);

            // 3. the new baton, unchanged since it started: in place again
            assertEquals(second, upgrade(launcher, cfg, false), "the new baton, unchanged, flips in place");
            baton.awaitLog("generation=4 .*flip initiated \\(in place: baton unchanged\\)", FLIP);

            // 4. `current` swapped to release B: the jar the launcher resolves to is another one
            ReexecFlipIT.swap(current, b);
            long third = upgrade(launcher, cfg, false);
            assertNotEquals(second, third, "a new release re-execs");
            baton.awaitLog("generation=5 .*flip initiated: starting a new baton through " + launcher
                    + " \\(the baton jar changed \\(" + b.toRealPath() + "/lib/baton.jar\\)\\)", FLIP);
            baton.awaitLog("baton 0.9.1 starting as the new baton of a flip", FLIP);

            // 5. baton upgrade --reexec: a re-exec of an unchanged baton
            long fourth = upgrade(launcher, cfg, true);
            assertNotEquals(third, fourth, "--reexec re-execs");
            baton.awaitLog("generation=6 .*flip initiated: starting a new baton through " + launcher
                    + " \\(baton upgrade --reexec\\)", FLIP);

            long before = load.total();
            Await.until("requests after the last flip", Duration.ofSeconds(20), () -> load.total() > before + 100);
            load.close();
            assertEquals(0, load.failed(), "5 flips, in place and re-exec: " + load.report());
        }
        assertEquals(baton.log().lines().filter(l -> l.contains("flip initiated")).count(), 5L, baton.log());
    }

    /** {@code baton upgrade} (exit 0), then the baton pid the pidfile names once the flip is final. */
    private long upgrade(String launcher, Path cfg, boolean reexec) {
        Baton upgrade = reexec ? Baton.startVia(dir, env(), launcher, "upgrade", "--reexec", "-c", cfg.toString())
                : Baton.startVia(dir, env(), launcher, "upgrade", "-c", cfg.toString());
        assertEquals(0, upgrade.awaitExit(FLIP), upgrade.log());
        assertTrue(upgrade.out().contains("took over"), upgrade.out());
        return Pidfile.read(pidfile).orElseThrow();
    }
}
