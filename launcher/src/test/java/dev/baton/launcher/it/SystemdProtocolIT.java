package dev.baton.launcher.it;

import dev.baton.core.supervisor.Pidfile;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * baton's side of systemd's protocols, off Docker: sd_notify messages received on a local
 * datagram socket (path and abstract name), the watchdog, journald-style log lines, the
 * control socket commands, and the notify health check.
 */
class SystemdProtocolIT extends ItBase {
    final List<String> received = new CopyOnWriteArrayList<>();
    UnixDatagramChannel receiver;

    /** A NOTIFY_SOCKET of our own, read on a daemon thread; returns its NOTIFY_SOCKET value. */
    String notifySocket(boolean abstractName) throws IOException {
        receiver = UnixDatagramChannel.open();
        String value;
        if (abstractName) {
            String name = "baton-it-" + UUID.randomUUID();
            receiver.bind(new UnixSocketAddress("\0" + name));
            value = "@" + name;
        } else {
            Path p = dir.resolve("notify.sock");
            receiver.bind(new UnixSocketAddress(p.toFile()));
            value = p.toString();
        }
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (receiver.isOpen()) {
                try {
                    buf.clear();
                    receiver.receive(buf);
                    buf.flip();
                    received.add(StandardCharsets.UTF_8.decode(buf).toString());
                } catch (IOException e) {
                    return;
                }
            }
        }, "notify-receiver");
        t.setDaemon(true);
        t.start();
        return value;
    }

    @AfterEach
    void closeReceiver() throws IOException {
        if (receiver != null) {
            receiver.close();
        }
    }

    private List<String> firstLines() {
        return received.stream().map(m -> m.split("\n")[0]).toList();
    }

    private String readyConfig(String mode, String extra) {
        Path ready = dir.resolve("ready-{{generation}}");
        pidfile = dir.resolve("baton.pid");
        return "command: " + app("--ready-file", ready.toString()) + "\npidfile: " + pidfile + "\nupgrade: {mode: "
                + mode + "}\nhealthcheck: " + readyFileCheck(ready) + "\n" + extra;
    }

    private Baton runWith(Path cfg, Map<String, String> extraEnv) {
        Map<String, String> env = env();
        env.putAll(extraEnv);
        Baton b = Baton.start(dir, env, "run", "-c", cfg.toString());
        batons.add(b);
        return b;
    }

    @Test
    void notifySequenceAcrossAReexecFlipAFailedFlipAndStop() throws Exception {
        String socket = notifySocket(false);
        Path cfg = write("app.yaml", readyConfig("reexec", ""));
        Baton baton = runWith(cfg, Map.of("NOTIFY_SOCKET", socket));
        baton.awaitReady();
        Await.until("READY=1", Duration.ofSeconds(5), () -> firstLines().contains("READY=1"));
        assertTrue(received.get(0).matches("READY=1\nSTATUS=generation 1, child pid \\d+, last flip: none yet"),
                received.toString());

        Procs.kill(baton.pid(), "HUP");
        baton.awaitLog("flip ended: the old baton has exited", Duration.ofSeconds(30));
        long newBaton = Pidfile.read(pidfile).orElseThrow();
        Await.until("MAINPID from the new baton", Duration.ofSeconds(5),
                () -> received.stream().anyMatch(m -> m.startsWith("MAINPID=" + newBaton + "\nREADY=1\n")));
        String reloading = received.get(1);
        assertTrue(reloading.matches("RELOADING=1\nMONOTONIC_USEC=\\d+\nSTATUS=flip to generation 2 in progress; "
                + "generation 1 serving"), reloading);
        long usec = Long.parseLong(reloading.split("\n")[1].substring("MONOTONIC_USEC=".length()));
        assertTrue(Math.abs(usec - System.nanoTime() / 1000) < 60_000_000L, "MONOTONIC_USEC is CLOCK_MONOTONIC");
        assertEquals(List.of("READY=1", "RELOADING=1", "MAINPID=" + newBaton), firstLines().subList(0, 3),
                "the old baton never sends READY=1 for a flip that succeeded: the new one does, after MAINPID");

        Await.until("the new baton's second MAINPID=, once the old baton is gone", Duration.ofSeconds(5),
                () -> received.stream().filter(m -> m.startsWith("MAINPID=" + newBaton)).count() == 2);
        write("app.yaml", readyConfig("reexec", "").replaceFirst("command: ", "command: [sh, -c, 'exit 3']\n#"));
        int before = received.size();
        Procs.kill(newBaton, "HUP");
        baton.awaitLog("flip failed", Duration.ofSeconds(30));
        Await.until("READY=1 after the failed flip", Duration.ofSeconds(10),
                () -> received.size() >= before + 2 && received.get(received.size() - 1).startsWith("READY=1\n"));
        assertTrue(received.subList(before, received.size()).stream().anyMatch(m -> m.startsWith("RELOADING=1\n")),
                received.toString());
        assertTrue(received.get(received.size() - 1).contains("last flip: failed at"), received.toString());

        Procs.kill(newBaton, "TERM");
        Await.until("STOPPING=1", Duration.ofSeconds(10), () -> firstLines().contains("STOPPING=1"));
        Await.until("the new baton to stop", Duration.ofSeconds(10), () -> !Procs.alive(newBaton));
    }

    @Test
    void abstractNotifySocketAndTheWatchdog() throws Exception {
        String socket = notifySocket(true);
        Path cfg = write("app.yaml", readyConfig("inplace", ""));
        Baton baton = runWith(cfg, Map.of("NOTIFY_SOCKET", socket, "WATCHDOG_USEC", "200000"));
        baton.awaitReady();
        Await.until("READY=1 and a few WATCHDOG=1", Duration.ofSeconds(10),
                () -> firstLines().contains("READY=1") && received.stream().filter("WATCHDOG=1"::equals).count() >= 3);
        baton.signal("HUP");
        baton.awaitLog("stopped: child", Duration.ofSeconds(20));
        Await.until("RELOADING=1 then READY=1", Duration.ofSeconds(5), () -> firstLines().stream()
                .filter(l -> !l.equals("WATCHDOG=1")).toList().equals(List.of("READY=1", "RELOADING=1", "READY=1")));
        baton.signal("TERM");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(10)));
        assertTrue(firstLines().contains("STOPPING=1"));
    }

    @Test
    void linesForTheJournalWhenStderrIsTheJournalStream() throws Exception {
        Path cfg = write("app.yaml", readyConfig("inplace", ""));
        // stderr goes to a file; JOURNAL_STREAM names that file's device and inode, as systemd would for its stream
        Baton probe = Baton.start(dir, env(), "version");
        probe.awaitExit(Duration.ofSeconds(20));
        batons.clear();
        Path err = dir.resolve("journal.err");
        Files.writeString(err, "");
        long dev = ((Number) Files.getAttribute(err, "unix:dev")).longValue();
        long ino = ((Number) Files.getAttribute(err, "unix:ino")).longValue();
        Map<String, String> env = env();
        env.put("JOURNAL_STREAM", dev + ":" + ino);
        ProcessBuilder pb = new ProcessBuilder(Baton.bin().toString(), "run", "-c", cfg.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            Await.until("ready", Baton.START, () -> lines(err).stream().anyMatch(l -> l.endsWith(" ready")));
            List<String> log = lines(err);
            assertTrue(log.stream().allMatch(l -> l.matches("<[3-7]>(generation=\\d+ |baton-guard).*")), String.join("\n", log));
            assertTrue(log.stream().anyMatch(l -> l.startsWith("<6>")));
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    @Test
    void statusAndUpgradeOverTheControlSocket() {
        Path cfg = write("app.yaml", readyConfig("reexec", ""));
        Baton baton = run(cfg);
        baton.awaitReady();
        Baton status = Baton.start(dir, env(), "status", "-c", cfg.toString(), "--json");
        assertEquals(0, status.awaitExit(Duration.ofSeconds(20)));
        assertTrue(status.out().matches("\\{\"running\":true,\"generation\":1,\"baton_pid\":" + baton.pid()
                + ",\"child_pid\":\\d+,\"version\":\"0\\.1\\.0\",\"uptime_seconds\":\\d+,\"state\":\"serving\",.*\\}\n"),
                status.out());

        // two upgrades at once: both succeed, one flip after the other
        Baton up1 = Baton.start(dir, env(), "upgrade", "-c", cfg.toString());
        Baton up2 = Baton.start(dir, env(), "upgrade", "-c", cfg.toString());
        assertEquals(0, up1.awaitExit(Duration.ofSeconds(60)), up1.log());
        assertEquals(0, up2.awaitExit(Duration.ofSeconds(60)), up2.log());
        assertTrue(up1.out().startsWith("baton: generation ") && up2.out().startsWith("baton: generation "));
        assertEquals(2, baton.count("flip ended: the old baton has exited"));
        assertTrue(!Procs.alive(baton.pid()), "the first flip ended when the old baton had exited");

        Baton human = Baton.start(dir, env(), "status", "-c", cfg.toString());
        assertEquals(0, human.awaitExit(Duration.ofSeconds(20)));
        assertTrue(human.out().contains("  generation:  3\n"), human.out());

        // a second baton for the same config is refused
        Baton second = Baton.start(dir, env(), "run", "-c", cfg.toString());
        batons.add(second);
        assertEquals(74, second.awaitExit(Duration.ofSeconds(20)));
        assertTrue(second.log().contains("another baton already runs this config"), second.log());
    }

    @Test
    void upgradeReportsAFailedFlipAndRefusesAnInvalidConfig() {
        Path cfg = write("app.yaml", readyConfig("inplace", ""));
        Baton baton = run(cfg);
        baton.awaitReady();
        write("app.yaml", readyConfig("inplace", "").replaceFirst("command: ", "command: [sh, -c, 'exit 3']\n#"));
        Baton failed = Baton.start(dir, env(), "upgrade", "-c", cfg.toString());
        assertEquals(1, failed.awaitExit(Duration.ofSeconds(60)));
        assertEquals("baton: flip failed: new child exited with code 3 before it was healthy\n", failed.log());

        write("app.yaml", "command: [true]\nupgrade: {timeout: soon}\n");
        Baton invalid = Baton.start(dir, env(), "upgrade", "-c", cfg.toString());
        assertEquals(78, invalid.awaitExit(Duration.ofSeconds(20)));
        assertTrue(invalid.log().startsWith("baton: not flipping: config error: " + cfg + ":2: upgrade.timeout"),
                invalid.log());
        assertEquals(2, baton.count("flip initiated"), "the running baton read the config itself, and refused it");
        assertTrue(baton.log().contains("flip failed: config error: " + cfg + ":2: upgrade.timeout"), baton.log());

        baton.signal("TERM");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(10)));
        write("app.yaml", readyConfig("inplace", ""));
        Baton none = Baton.start(dir, env(), "upgrade", "-c", cfg.toString());
        assertEquals(3, none.awaitExit(Duration.ofSeconds(20)));
        assertTrue(none.log().startsWith("baton: not running (no control socket at "), none.log());
        Baton status = Baton.start(dir, env(), "status", "-c", cfg.toString());
        assertEquals(3, status.awaitExit(Duration.ofSeconds(20)));
    }

    @Test
    void notifyCheckTakesReadyOnlyFromTheChildsProcessGroup() throws Exception {
        Path envFile = dir.resolve("notify-env");
        Path cfg = write("app.yaml", "command: " + app("--notify", "--notify-after", "1.5", "--notify-env",
                envFile.toString()) + "\nupgrade: {mode: inplace}\nhealthcheck: {notify: {}}\n");
        Baton baton = run(cfg);
        Await.until("the child's NOTIFY_SOCKET", Baton.START, () -> !lines(envFile).isEmpty());
        String socket = lines(envFile).get(0);
        long child = baton.childPid(1);
        Path parent = Path.of(socket).getParent();
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(parent)), "a private directory");
        // a stranger (this JVM, another process group) claims readiness: ignored
        try (UnixDatagramChannel ch = UnixDatagramChannel.open()) {
            ch.send(ByteBuffer.wrap("READY=1".getBytes(StandardCharsets.UTF_8)), new UnixSocketAddress(socket));
        }
        baton.awaitLog("notify check: ignored a message from pid " + ProcessHandle.current().pid()
                + ", which is not in the child's process group", Duration.ofSeconds(5));
        assertEquals(0, baton.count(" ready$"), "not ready on a stranger's word");
        baton.awaitReady();
        assertTrue(baton.log().contains("pid=" + child + " child status: up, pid " + child), baton.log());
        baton.signal("TERM");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(10)));
        assertTrue(!Files.exists(parent), "the private directory is removed");
    }
}
