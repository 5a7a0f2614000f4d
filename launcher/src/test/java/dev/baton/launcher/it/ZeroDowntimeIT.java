package dev.baton.launcher.it;

import dev.baton.core.supervisor.Pidfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flips under continuous load on loopback, through sockets baton holds: the child has no
 * SO_REUSEPORT and never binds; not one request may fail or be refused.
 */
class ZeroDowntimeIT extends ItBase {
    static final Duration FLIP = Duration.ofSeconds(60);
    static final Duration LOAD_LIMIT = Duration.ofMinutes(5);



    private String config(String mode, String address, String check, String command) {
        pidfile = dir.resolve("baton.pid");
        return String.join("\n",
                "command: " + command,
                "pidfile: " + pidfile,
                "upgrade: {mode: " + mode + ", timeout: 30s}",
                "shutdown: {timeout: 15s}",
                "listeners: [{name: web, address: \"" + address + "\"}]",
                "healthcheck: " + check,
                "");
    }

    private static String pythonApp() {
        return "[python3, \"" + ListenersIT.examples().resolve("listeners/python/app.py") + "\"]";
    }

    private static String httpCheck(int port) {
        return "{http: {url: \"http://127.0.0.1:" + port + "/health\", body: \"^pid={{child_pid}}$\", interval: 20ms}}";
    }

    /** Runs {@code flips} flips while the load runs; returns the log. */
    private Baton flipsUnderLoad(Path cfg, Load.Connector connector, int flips, String flipEnd) {
        Baton baton = run(cfg);
        baton.awaitReady();
        int fdsAfterFirst = -1;
        long fdsOf = -1;
        try (Load load = new Load(connector, 2, LOAD_LIMIT)) {
            for (int i = 1; i <= flips; i++) {
                Procs.kill(Pidfile.read(pidfile).orElseThrow(), "HUP");
                baton.awaitLog(flipEnd, i, FLIP);
                if (i == 1) {
                    fdsOf = Pidfile.read(pidfile).orElseThrow();
                    fdsAfterFirst = Procs.fdCount(fdsOf);
                }
            }
            long before = load.total();
            Await.until("more requests after the last flip", Duration.ofSeconds(20), () -> load.total() > before + 100);
            load.close();
            String summary = flips + " flips, " + load.report() + notable(baton);
            System.out.println(getClass().getSimpleName() + ": " + summary);
            assertEquals(0, load.failed(), summary);
            assertTrue(load.total() > flips * 10L, "the load kept going: " + summary);
        }
        long inCharge = Pidfile.read(pidfile).orElseThrow();
        // A leak grows with the flips; a check's pipe or a reaped child's fd may still be closing when the
        // flip-end line is logged (seen once in CI: 12 after the first flip, 11 after the tenth). So the
        // count must come down to the first flip's, within a deadline, and never be above it for good.
        int first = fdsAfterFirst;
        String whose = inCharge == fdsOf ? "baton's fds after " + flips + " flips"
                : "the fds of the baton in charge after " + flips + " flips";
        Await.until(whose + " to be no more than after the first (" + first + ")", Duration.ofSeconds(10),
                () -> Procs.fdCount(inCharge) <= first, () -> "now " + Procs.fdCount(inCharge) + ": " + Procs.fds(inCharge));
        return baton;
    }

    /** Log lines that explain failures: failed flips, escalations. */
    static String notable(Baton baton) {
        try {
            Files.copy(baton.stderr, Path.of("target", "zero-downtime-last.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // diagnostics only
        }
        String lines = baton.log().lines().filter(l -> l.contains("flip failed") || l.contains("SIGKILL")
                || l.contains("WARN") || l.contains("ERROR") || l.contains("baton-guard")).limit(20).collect(java.util.stream.Collectors.joining("\n"));
        return lines.isEmpty() ? "" : "\n" + lines;
    }


    @Test
    void fiftyInplaceFlipsUnderLoad() {
        int port = Http.freePort();
        Path cfg = write("app.yaml", config("inplace", "tcp://127.0.0.1:" + port, httpCheck(port), pythonApp()));
        flipsUnderLoad(cfg, Load.tcp(port), 50, "stopped: child");
    }

    @Test
    void fiftyReexecFlipsUnderLoad() {
        int port = Http.freePort();
        Path cfg = write("app.yaml", config("reexec", "tcp://127.0.0.1:" + port, httpCheck(port), pythonApp()));
        flipsUnderLoad(cfg, Load.tcp(port), 50, "flip ended: the old baton has exited");
    }

    @Test
    void unixSocketFlipsUnderLoadInBothModes() {
        for (String mode : new String[] {"inplace", "reexec"}) {
            Path sock = dir.resolve(mode + ".sock");
            // the socket is shared, so the probe must see the new child's pid in the answer
            Path cfg = write(mode + ".yaml", config(mode, "unix://" + sock,
                    "{exec: {command: [python3, \"" + testapp().resolveSibling("unixcheck.py") + "\", \"" + sock
                            + "\"], interval: 20ms}}", pythonApp()));
            flipsUnderLoad(cfg, Load.unix(sock), 10,
                    mode.equals("inplace") ? "stopped: child" : "flip ended: the old baton has exited");
            long inCharge = Pidfile.read(pidfile).orElseThrow();
            Procs.kill(inCharge, "TERM");
            Await.until("baton to stop", Duration.ofSeconds(20), () -> !Procs.alive(inCharge));
            assertTrue(!Files.exists(sock), "the socket file is removed when baton stops");
            batons.forEach(Baton::close);
            batons.clear();
        }
    }

    @Test
    void thePythonExampleFlipsUnderLoad() {
        int port = Http.freePort();
        pidfile = Path.of("/tmp/baton-python-example.pid");
        Baton baton = Baton.start(dir, withPort(port), "run", "-c",
                ListenersIT.examples().resolve("listeners/python/baton.yaml").toString());
        batons.add(baton);
        exampleUnderLoad(baton, port, 10);
    }

    @Test
    void theJavaExampleFlipsUnderLoad() {
        int port = Http.freePort();
        pidfile = Path.of("/tmp/baton-java-example.pid");
        Baton baton = Baton.start(dir, withPort(port), "run", "-c",
                ListenersIT.examples().resolve("listeners/java/baton.yaml").toString());
        batons.add(baton);
        exampleUnderLoad(baton, port, 3);
    }

    private java.util.Map<String, String> withPort(int port) {
        java.util.Map<String, String> env = env();
        env.put("PORT", Integer.toString(port));
        return env;
    }

    private void exampleUnderLoad(Baton baton, int port, int flips) {
        baton.awaitLog(" ready$", Duration.ofSeconds(60));
        try (Load load = new Load(Load.tcp(port), 2, LOAD_LIMIT)) {
            for (int i = 1; i <= flips; i++) {
                Procs.kill(Pidfile.read(pidfile).orElseThrow(), "HUP");
                baton.awaitLog("stopped: child", i, FLIP);
            }
            long before = load.total();
            Await.until("more requests after the last flip", Duration.ofSeconds(20), () -> load.total() > before + 100);
            load.close();
            System.out.println(getClass().getSimpleName() + " example: " + flips + " flips, " + load.report());
            assertEquals(0, load.failed(), load.report() + notable(baton));
        }
    }
}
