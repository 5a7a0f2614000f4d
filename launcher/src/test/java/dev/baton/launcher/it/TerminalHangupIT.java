package dev.baton.launcher.it;

import dev.baton.core.supervisor.Pidfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * baton run as a job of an interactive shell on a real terminal (a tmux pane): when the terminal
 * goes away, the SIGHUP that comes with it stops baton, after a re-exec flip too, instead of being
 * taken as an upgrade request.
 */
class TerminalHangupIT extends ItBase {
    private static final Duration FLIP = Duration.ofSeconds(30);
    private Path socket;
    private Path log;

    @BeforeEach
    void tmux() throws Exception {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is missing: ./test.sh installs it (apt tmux)");
        socket = dir.resolve("tmux.sock");
        log = dir.resolve("baton.log");
        pidfile = dir.resolve("baton.pid");
    }

    @AfterEach
    void noTmuxLeft() throws Exception {
        if (Files.exists(socket)) {
            tmux("kill-server"); // only this test's server, by its own socket
        }
    }

    private int tmux(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve("tmux.out").toFile());
        pb.environment().putAll(env());
        Process p = pb.start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "tmux " + args[0] + " did not end");
        return p.exitValue();
    }

    private String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private long count(String text) {
        return log().lines().filter(l -> l.contains(text)).count();
    }

    /** baton in re-exec mode, started as the foreground job of an interactive bash in a tmux pane. */
    private Path startInTerminal() throws Exception {
        Path ready = dir.resolve("ready-{{generation}}");
        Path cfg = write("app.yaml", String.join("\n",
                "command: " + app("--ready-file", ready.toString()),
                "pidfile: " + pidfile,
                "upgrade: {mode: reexec, timeout: 20s, start_allowance: 20s}",
                "shutdown: {timeout: 2s}",
                "healthcheck: " + readyFileCheck(ready), ""));
        assertEquals(0, tmux("new-session", "-d", "-s", "hup", "-x", "160", "-y", "40",
                "bash --norc --noprofile -i"));
        assertEquals(0, tmux("send-keys", "-t", "hup", Baton.bin() + " run -c " + cfg + " 2>" + log, "Enter"));
        Await.until("baton ready in the terminal", Baton.START, () -> count(" ready") == 1, this::log);
        return cfg;
    }

    @Test
    void closingTheTerminalStopsBatonInsteadOfFlipping() throws Exception {
        startInTerminal();
        long baton = Pidfile.read(pidfile).orElseThrow();
        long child = Procs.childrenOf(baton).stream().filter(s -> Procs.cmdline(s.pid()).contains("testapp.py"))
                .findFirst().orElseThrow().pid();

        assertEquals(0, tmux("kill-session", "-t", "hup")); // bash gets SIGHUP and passes it to its job

        Await.until("baton to stop", Duration.ofSeconds(20), () -> !Procs.alive(baton), this::log);
        Await.until("its child to stop", Duration.ofSeconds(10), () -> !Procs.alive(child), this::log);
        assertEquals(1, count("the controlling terminal hung up; stopping"), log());
        assertEquals(0, count("flip initiated"), "the hangup is no upgrade request\n" + log());
    }

    @Test
    void closingTheTerminalAfterAReexecFlipStopsBatonAndStartsNoFlip() throws Exception {
        Path cfg = startInTerminal();
        long first = Pidfile.read(pidfile).orElseThrow();

        Baton upgrade = Baton.start(dir, env(), "upgrade", "-c", cfg.toString());
        batons.add(upgrade);
        assertEquals(0, upgrade.awaitExit(FLIP), upgrade.log());
        Await.until("the old baton to exit", FLIP, () -> count("flip ended: the old baton has exited") == 1, this::log);
        long second = Pidfile.read(pidfile).orElseThrow();
        assertNotEquals(first, second, "a re-exec flip: a new baton is in charge");
        long child = Procs.childrenOf(second).stream().filter(s -> Procs.cmdline(s.pid()).contains("testapp.py"))
                .findFirst().orElseThrow().pid();

        assertEquals(0, tmux("kill-session", "-t", "hup")); // the terminal goes away

        Await.until("the new baton to stop", Duration.ofSeconds(20), () -> !Procs.alive(second), this::log);
        Await.until("its child to stop", Duration.ofSeconds(10), () -> !Procs.alive(child), this::log);
        assertEquals(1, count("the controlling terminal hung up; stopping"), log());
        assertEquals(1, count("flip initiated"), "no flip but the one asked for\n" + log());
        assertFalse(Files.exists(dir.resolve("ready-3")), "no third generation");
    }
}
