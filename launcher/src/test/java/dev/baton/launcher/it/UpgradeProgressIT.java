package dev.baton.launcher.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code baton upgrade} on a terminal (script(1) gives it a real pty) prints one line per phase of
 * the flip as the running baton reports it, then the result; on a pipe it prints the result only.
 */
class UpgradeProgressIT extends ItBase {
    static final Duration STEP = Duration.ofSeconds(60);

    @ParameterizedTest
    @ValueSource(strings = {"inplace", "reexec"})
    void aTerminalSeesEachPhaseAndAPipeOnlyTheResult(String mode) {
        int port = Http.freePort();
        Path cfg = write("app.yaml", String.join("\n",
                "command: [python3, \"" + ListenersIT.examples().resolve("listeners/python/app.py") + "\"]",
                "upgrade: {mode: " + mode + ", timeout: 20s}",
                "shutdown: {timeout: 5s}",
                "listeners: [{name: web, address: \"tcp://127.0.0.1:" + port + "\"}]",
                "healthcheck: {http: {url: \"http://127.0.0.1:" + port + "/health\", body: \"^pid={{child_pid}}$\", "
                        + "interval: 20ms}}",
                ""));
        Baton baton = run(cfg);
        baton.awaitReady();

        Baton piped = Baton.start(dir, env(), "upgrade", "-c", cfg.toString());
        batons.add(piped);
        assertEquals(0, piped.awaitExit(STEP), piped.log());
        assertEquals(List.of("baton: generation 2 took over"), piped.out().lines().map(l -> l.replaceAll(" \\(.*", ""))
                .toList(), "a pipe gets the result only");

        Baton tty = Baton.startVia(dir, env(), "script", "-qec", Baton.bin() + " upgrade -c " + cfg, "/dev/null");
        batons.add(tty);
        assertEquals(0, tty.awaitExit(STEP), tty.out() + tty.log());
        List<String> lines = tty.out().lines().map(l -> l.replace("\r", "")).toList();
        assertTrue(lines.get(0).startsWith("baton: flip to generation 3 initiated ("), lines.toString());
        assertTrue(lines.contains(mode.equals("reexec") ? "baton: config read" : "baton: config read"), lines.toString());
        if (mode.equals("reexec")) {
            assertTrue(lines.stream().anyMatch(l -> l.matches("baton: new baton started \\(pid \\d+\\)")), lines.toString());
        } else {
            assertTrue(lines.stream().anyMatch(l -> l.matches("baton: child spawned \\(pid \\d+\\)")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("baton: http check passed (attempt ")), lines.toString());
        }
        int healthy = lines.indexOf("baton: healthy");
        int takeover = lines.indexOf("baton: takeover");
        assertTrue(healthy > 0 && takeover > healthy, lines.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("baton: generation 3 took over"), lines.toString());

        var inCharge = java.util.regex.Pattern.compile("baton pid (\\d+),").matcher(tty.out());
        assertTrue(inCharge.find(), tty.out());
        long pid = Long.parseLong(inCharge.group(1));
        Procs.kill(pid, "TERM"); // by re-exec the baton in charge is not the one the test started
        Await.until("the service stopped", STEP, () -> !Procs.alive(pid));
    }
}
