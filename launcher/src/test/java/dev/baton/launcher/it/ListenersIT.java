package dev.baton.launcher.it;

import dev.baton.core.supervisor.Pidfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Listening sockets held by baton: what the child sees, reloads that add and remove them, socket activation. */
class ListenersIT extends ItBase {
    static final Duration FLIP = Duration.ofSeconds(30);



    private Map<String, String> report(Path file) {
        Map<String, String> m = new HashMap<>();
        for (String line : lines(file)) {
            int sp = line.indexOf(' ');
            m.put(line.substring(0, sp), line.substring(sp + 1));
        }
        return m;
    }

    @Test
    void theChildSeesItsSocketsFromFd3InOrderAndNothingElse() {
        int port = Http.freePort();
        Path sock = dir.resolve("admin.sock");
        pidfile = dir.resolve("baton.pid");
        Path report = dir.resolve("fds-{{generation}}");
        Path ready = dir.resolve("ready-{{generation}}");
        Path cfg = write("app.yaml", String.join("\n",
                "command: " + app("--fd-report", report.toString(), "--ready-file", ready.toString()),
                "pidfile: " + pidfile,
                "upgrade: {mode: reexec}",
                "listeners:",
                "  - {name: web, address: \"tcp://127.0.0.1:" + port + "\"}",
                "  - {name: admin, address: \"unix://" + sock + "\", mode: \"0600\"}",
                "listener_protocol: both",
                "healthcheck: " + readyFileCheck(ready),
                ""));
        Baton baton = run(cfg);
        baton.awaitReady();
        for (int gen = 1; gen <= 2; gen++) {
            Map<String, String> r = report(dir.resolve("fds-" + gen));
            assertEquals(r.get("pid"), r.get("LISTEN_PID"), "LISTEN_PID is the child's own pid");
            assertEquals(Long.toString(baton.childPid(gen)), r.get("pid"));
            assertEquals("2", r.get("LISTEN_FDS"));
            assertEquals("web:admin", r.get("LISTEN_FDNAMES"), "names in config order");
            assertEquals("0,1,2,3,4", r.get("fds"), "stdio and the two sockets, nothing else");
            assertEquals("127.0.0.1:" + port + "=3;" + sock + "=4", r.get("SERVER_STARTER_PORT"));
            assertEquals(Integer.toString(gen), r.get("SERVER_STARTER_GENERATION"));
            if (gen == 1) {
                // and the same after a re-exec flip, where the new baton holds the handover socket at fd 3
                Procs.kill(baton.pid(), "HUP");
                baton.awaitLog("flip ended: the old baton has exited", FLIP);
            }
        }
        assertEquals("rw-------", perms(sock), "the unix socket got its mode");
    }

    /**
     * 600 listeners under the usual soft limit of 1024 open files: the child gets all of them at
     * 3..602, at the first start and from a new baton after a re-exec flip. (baton used to stage
     * every fd above the highest one, which needs ~1200 fds here: "adddup2: Bad file descriptor".)
     */
    @Test
    void sixHundredListenersFitTheDefaultLimitOf1024OpenFiles() throws IOException {
        int count = 600;
        Path sockets = Files.createDirectory(dir.resolve("s"));
        pidfile = dir.resolve("baton.pid");
        Path report = dir.resolve("fds-{{generation}}");
        Path ready = dir.resolve("ready-{{generation}}");
        StringBuilder yaml = new StringBuilder(String.join("\n",
                "command: " + app("--fd-report", report.toString(), "--ready-file", ready.toString()),
                "pidfile: " + pidfile,
                "upgrade: {mode: reexec}",
                "healthcheck: " + readyFileCheck(ready),
                "listeners:", ""));
        for (int i = 0; i < count; i++) {
            yaml.append("  - {name: l").append(i).append(", address: \"unix://").append(sockets.resolve(i + ".sock"))
                    .append("\"}\n");
        }
        Path cfg = write("app.yaml", yaml.toString());
        Baton baton = Baton.startVia(dir, env(), "/bin/sh", "-c", "ulimit -S -n 1024 && exec \"$0\" \"$@\"",
                Baton.bin().toString(), "run", "-c", cfg.toString());
        batons.add(baton);
        baton.awaitReady();
        String threeTo602 = java.util.stream.IntStream.range(3, 3 + count).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(","));
        for (int gen = 1; gen <= 2; gen++) {
            Map<String, String> r = report(dir.resolve("fds-" + gen));
            assertEquals(Integer.toString(count), r.get("LISTEN_FDS"), "generation " + gen);
            assertEquals("0,1,2," + threeTo602, r.get("fds"), "generation " + gen + ": stdio and the sockets, nothing else");
            assertEquals(threeTo602, r.get("listening"), "generation " + gen + ": every one a listening socket");
            if (gen == 1) {
                Procs.kill(baton.pid(), "HUP");
                baton.awaitLog("flip ended: the old baton has exited", FLIP);
            }
        }
    }

    /** The listeners must fit the open-files limit with room for baton's own files: checked at config load. */
    @Test
    void listenersThatDontFitTheOpenFilesLimitAreAConfigError() throws IOException {
        Path sockets = Files.createDirectory(dir.resolve("s"));
        StringBuilder yaml = new StringBuilder("command: " + app() + "\nlisteners:\n");
        for (int i = 0; i < 40; i++) {
            yaml.append("  - {name: l").append(i).append(", address: \"unix://").append(sockets.resolve(i + ".sock"))
                    .append("\"}\n");
        }
        Path cfg = write("app.yaml", yaml.toString());
        Baton b = Baton.startVia(dir, env(), "/bin/sh", "-c", "ulimit -S -n 100 && exec \"$0\" \"$@\"",
                Baton.bin().toString(), "check", "-c", cfg.toString());
        batons.add(b);
        assertEquals(78, b.awaitExit(Duration.ofSeconds(20)), b.log());
        assertEquals("baton: " + cfg + ":2: listeners: 40 listeners need about 104 file descriptors, more than the "
                + "open-files limit of 100 (ulimit -n / LimitNOFILE=); expected a higher limit or fewer listeners\n",
                b.log());
    }

    private static String perms(Path p) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aListenerAddedAndAnotherRemovedAtAReload() throws Exception {
        for (String mode : List.of("inplace", "reexec")) {
            int kept = Http.freePort();
            int added = Http.freePort();
            Path removed = dir.resolve(mode + "-removed.sock");
            pidfile = dir.resolve(mode + ".pid");
            String common = String.join("\n",
                    "command: [python3, \"" + examples().resolve("listeners/python/app.py") + "\"]",
                    "pidfile: " + pidfile,
                    "upgrade: {mode: " + mode + "}",
                    "healthcheck: {http: {url: \"http://127.0.0.1:" + kept + "/health\", body: \"^pid={{child_pid}}$\", "
                            + "interval: 20ms}}",
                    "listeners:",
                    "  - {name: web, address: \"tcp://127.0.0.1:" + kept + "\"}",
                    "");
            Path cfg = write(mode + ".yaml", common + "  - {name: old, address: \"unix://" + removed + "\"}\n");
            Baton baton = run(cfg);
            baton.awaitReady();
            assertTrue(Files.exists(removed));
            assertTrue(Http.get(added, "/").isEmpty(), "nothing listens on the port to be added yet");
            write(mode + ".yaml", common + "  - {name: new, address: \"tcp://127.0.0.1:" + added + "\"}\n");
            Procs.kill(Pidfile.read(pidfile).orElseThrow(), "HUP");
            baton.awaitLog(mode.equals("inplace") ? "stopped: child" : "flip ended: the old baton has exited", FLIP);
            long child = baton.childPid(2);
            assertTrue(Http.get(kept, "/").orElse("").contains("pid " + child), "the kept socket serves the new child");
            assertTrue(Http.get(added, "/").orElse("").contains("pid " + child), "the added socket serves it too");
            Await.until("the removed socket's file to be gone", Duration.ofSeconds(5), () -> !Files.exists(removed));
            long inCharge = Pidfile.read(pidfile).orElseThrow();
            Procs.kill(inCharge, "TERM");
            Await.until("baton to stop", Duration.ofSeconds(15), () -> !Procs.alive(inCharge));
            assertTrue(Http.get(kept, "/").isEmpty() && Http.get(added, "/").isEmpty(), "sockets closed at the end");
            batons.remove(baton);
            baton.close();
        }
        pidfile = null;
    }

    @Test
    void unixSocketFilesAreRemovedWhenBatonFinallyStops() {
        Path sock = dir.resolve("app.sock");
        Path stale = dir.resolve("stale.sock");
        makeStaleSocket(stale);
        Path ready = dir.resolve("ready-{{generation}}");
        Path cfg = write("app.yaml", String.join("\n",
                "command: " + app("--ready-file", ready.toString()),
                "upgrade: {mode: inplace}",
                "listeners:",
                "  - {name: a, address: \"unix://" + sock + "\"}",
                "  - {name: b, address: \"unix://" + stale + "\"}",
                "healthcheck: " + readyFileCheck(ready),
                ""));
        Baton baton = run(cfg);
        baton.awaitReady();
        assertTrue(Files.exists(sock) && Files.exists(stale), "a stale socket file was replaced");
        baton.signal("HUP");
        baton.awaitLog("stopped: child", FLIP);
        assertTrue(Files.exists(sock), "never removed during a flip");
        baton.signal("TERM");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(15)));
        assertFalse(Files.exists(sock) || Files.exists(stale), "removed when baton stops");
    }

    /** A unix socket file nobody listens on: bound, then its listener closed. */
    private static void makeStaleSocket(Path path) {
        try (var ch = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertTrue(Files.exists(path));
    }

    @Test
    void aLiveUnixSocketOrABusyPortIsAOneLineErrorAtStart() throws Exception {
        Path live = dir.resolve("live.sock");
        try (var owner = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                var busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            owner.bind(UnixDomainSocketAddress.of(live));
            for (String address : List.of("unix://" + live, "tcp://127.0.0.1:" + busy.getLocalPort())) {
                Path cfg = write("app.yaml", "command: " + app() + "\nupgrade: {mode: inplace}\nlisteners: [{name: x, "
                        + "address: \"" + address + "\"}]\n");
                Baton b = run(cfg);
                assertEquals(74, b.awaitExit(Duration.ofSeconds(20)));
                assertTrue(b.log().trim().endsWith("cannot listen on " + address + ": address already in use"
                        + (address.startsWith("unix") ? " (another process accepts connections there)" : "")), b.log());
                assertEquals(1, b.log().lines().filter(l -> l.contains("cannot listen")).count());
            }
        }
    }

    @Test
    void batonAdoptsSocketsFromSocketActivation() {
        int web = Http.freePort();
        int other = Http.freePort();
        int unused = Http.freePort();
        pidfile = dir.resolve("baton.pid");
        Path cfg = write("app.yaml", String.join("\n",
                "command: [python3, \"" + examples().resolve("listeners/python/app.py") + "\"]",
                "pidfile: " + pidfile,
                "upgrade: {mode: reexec}",
                "listeners:",
                "  - {name: web, address: \"tcp://127.0.0.1:" + web + "\"}",
                // matched by its systemd name, not by address: baton must not bind this port
                "  - {name: other, address: \"tcp://127.0.0.1:" + unused + "\"}",
                "healthcheck: {http: {url: \"http://127.0.0.1:" + web + "/health\", body: \"^pid={{child_pid}}$\"}}",
                ""));
        Baton baton = Baton.startVia(dir, env(), "python3", testapp().resolveSibling("activate.py").toString(),
                "web=127.0.0.1:" + web, "other=127.0.0.1:" + other, "--", Baton.bin().toString(), "run", "-c",
                cfg.toString());
        batons.add(baton);
        baton.awaitReady();
        assertTrue(baton.log().contains("socket activation: adopted tcp://127.0.0.1:" + web + " (fd 3, web)"), baton.log());
        assertTrue(baton.log().contains("socket activation: adopted tcp://127.0.0.1:" + other + " (fd 4, other)"));
        assertTrue(Http.get(web, "/").orElse("").contains("(web)"));
        assertTrue(Http.get(other, "/").orElse("").contains("(other)"), "matched by FileDescriptorName");
        assertTrue(Http.get(unused, "/").isEmpty(), "baton did not bind the address systemd's socket replaced");
        Procs.kill(baton.pid(), "HUP");
        baton.awaitLog("flip ended: the old baton has exited", FLIP);
        long child = baton.childPid(2);
        assertTrue(Http.get(other, "/").orElse("").contains("pid " + child), "the new baton passes them on");
    }

    @Test
    void checksThatCantTellGenerationsApartAreRefused() {
        int port = Http.freePort();
        String listeners = "listeners: [{name: web, address: \"tcp://0.0.0.0:" + port + "\"}]\n";
        Path tcp = write("tcp.yaml", "command: " + app() + "\n" + listeners
                + "healthcheck: {tcp: {address: \"127.0.0.1:" + port + "\"}}\n");
        Baton b = Baton.start(dir, env(), "check", "-c", tcp.toString());
        batons.add(b);
        assertEquals(78, b.awaitExit(Duration.ofSeconds(20)));
        assertEquals("baton: " + tcp + ":3: healthcheck: 127.0.0.1:" + port + " is listener \"web\" (tcp://0.0.0.0:"
                + port + "), which baton holds for every generation: the kernel accepts connections there for any "
                + "child, so this check can't tell the new child from the old; expected a per-generation address "
                + "({{alt}} or {{generation}}), an http check whose `body` must contain {{child_pid}}, or an exec "
                + "check\n", b.log());
        Path ok = write("ok.yaml", "command: " + app() + "\n" + listeners
                + "healthcheck: {http: {url: \"http://127.0.0.1:" + port + "/health\", body: \"pid={{child_pid}}\"}}\n");
        Baton c = Baton.start(dir, env(), "check", "-c", ok.toString());
        batons.add(c);
        assertEquals(0, c.awaitExit(Duration.ofSeconds(20)), c.log());
    }

    static Path examples() {
        return Path.of(System.getProperty("baton.examples", "../examples")).toAbsolutePath().normalize();
    }
}
