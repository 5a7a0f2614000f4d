package dev.baton.launcher.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * shutdown.max_draining: 3, through sockets baton holds, in each flip mode: each generation holds
 * a long request (20 s) when the next flip starts; 3 flips end at their takeovers within 5 s,
 * every long request completes with 200 from the child that accepted it, and each old generation
 * exits by itself when its request has ended, while {@code baton status} lists the ones still
 * draining. By re-exec, each old baton drains its own child and exits after it.
 */
class DrainIT extends ItBase {
    static final Duration STEP = Duration.ofSeconds(60);
    static final int HOLD_SECONDS = 20;

    private Path config(int port, String mode) {
        pidfile = dir.resolve("baton.pid");
        return write("app.yaml", String.join("\n",
                "command: [python3, \"" + ListenersIT.examples().resolve("listeners/python/app.py")
                        + "\", --drain-timeout, \"40\"]",
                "pidfile: " + pidfile,
                "upgrade: {mode: " + mode + ", timeout: 20s}",
                "shutdown: {timeout: 40s, max_draining: 3}",
                "listeners: [{name: web, address: \"tcp://127.0.0.1:" + port + "\"}]",
                "healthcheck: {http: {url: \"http://127.0.0.1:" + port + "/health\", body: \"^pid={{child_pid}}$\", "
                        + "interval: 20ms}}",
                ""));
    }

    /** GET /hold?s=20 on a connection of its own: the status line and body, once it is answered. */
    private static CompletableFuture<String> longRequest(int port) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout((int) STEP.toMillis());
                OutputStream out = s.getOutputStream();
                out.write(("GET /hold?s=" + HOLD_SECONDS + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String resp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return resp.substring(0, resp.indexOf("\r\n")) + " | " + resp.substring(resp.indexOf("\r\n\r\n") + 4);
            } catch (IOException e) {
                return "failed: " + e;
            }
        });
    }

    private Baton cli(String... args) {
        Baton b = Baton.start(dir, env(), args);
        batons.add(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"inplace", "reexec"})
    void threeFlipsEndAtTheirTakeoversWhileTheirOldGenerationsDrainLongRequests(String mode) throws Exception {
        int port = Http.freePort();
        Path cfg = config(port, mode);
        Baton baton = run(cfg);
        baton.awaitReady();
        boolean reexec = mode.equals("reexec");
        List<CompletableFuture<String>> held = new ArrayList<>();
        List<Long> children = new ArrayList<>();
        List<Long> batonPids = new ArrayList<>(List.of(baton.pid()));
        long flipNanos = 0;
        for (int g = 1; g <= 3; g++) {
            long child = baton.childPid(g);
            children.add(child);
            held.add(longRequest(port));
            String holding = "app.py: pid " + child + " holding a response";
            Await.until("generation " + g + " holds a long request", STEP,
                    () -> baton.out().contains(holding) || baton.log().contains(holding));
            long t0 = System.nanoTime();
            Baton upgrade = cli("upgrade", "-c", cfg.toString());
            assertEquals(0, upgrade.awaitExit(STEP), upgrade.log() + "\n--- baton ---\n" + baton.log());
            flipNanos += System.nanoTime() - t0;
            java.util.regex.Matcher took = java.util.regex.Pattern.compile("took over \\(baton pid (\\d+),")
                    .matcher(upgrade.out() + upgrade.log());
            assertTrue(took.find(), upgrade.out() + upgrade.log());
            batonPids.add(Long.parseLong(took.group(1)));
        }
        double flipSeconds = flipNanos / 1e9;
        Baton status = cli("status", "-c", cfg.toString());
        assertEquals(0, status.awaitExit(STEP), status.log() + "\n--- baton ---\n" + baton.log());
        String shown = status.out();
        System.out.println(getClass().getSimpleName() + " " + mode + ": 3 flips (baton upgrade, each to its end) took "
                + String.format("%.2f", flipSeconds) + " s while 3 generations drained; status:\n" + shown);
        assertTrue(flipSeconds < 5, "3 flips took " + flipSeconds + " s");
        for (int i = 0; i < 3; i++) {
            assertTrue(shown.contains("generation " + (i + 1) + " (child pid " + children.get(i) + ", SIGKILL at "),
                    shown);
            assertTrue(Procs.alive(children.get(i)), "generation " + (i + 1) + " drains");
            if (reexec) {
                assertTrue(shown.contains(" in baton pid " + batonPids.get(i)), shown);
                assertTrue(Procs.alive(batonPids.get(i)), "the old baton of generation " + (i + 1) + " drains it");
            }
        }
        if (reexec) {
            assertEquals(4, new java.util.HashSet<>(batonPids).size(), "a new baton per flip: " + batonPids);
            for (int i = 0; i < 30; i++) { // the old batons share the control socket, but answer it no more
                var answer = dev.baton.core.control.ControlClient.ask(cfg, env(),
                        new dev.baton.core.control.ControlProtocol.StatusRequest(), STEP, STEP);
                assertTrue(answer.format().contains("\"baton_pid\":" + batonPids.get(3) + ","),
                        "status request " + (i + 1) + " was answered by an old baton: " + answer.format());
            }
        }

        for (int i = 0; i < 3; i++) {
            String answer = held.get(i).get(STEP.toSeconds(), TimeUnit.SECONDS);
            assertEquals("HTTP/1.1 200 OK | hello from pid " + children.get(i) + " (web)", answer,
                    "long request " + (i + 1));
            long child = children.get(i);
            Await.until("generation " + (i + 1) + " exits once its request ended", Duration.ofSeconds(10),
                    () -> !Procs.alive(child));
            if (reexec) {
                long old = batonPids.get(i);
                Await.until("the old baton of generation " + (i + 1) + " exits after its child", Duration.ofSeconds(10),
                        () -> !Procs.alive(old));
            }
            if (i < 2) {
                assertTrue(Procs.alive(children.get(i + 1)), "the next one still drains its own request");
            }
        }
        baton.awaitLog("generation=3 pid=" + children.get(2) + " stopped: child exited with code 0", STEP);
        assertFalse(baton.log().contains("sending SIGKILL"), baton.log());
        Baton after = cli("status", "-c", cfg.toString());
        assertEquals(0, after.awaitExit(STEP));
        assertFalse(after.out().contains("draining:"), after.out());
    }
}
