package dev.baton.launcher.it;

import dev.baton.core.control.ControlPaths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The control socket against faults and a hostile local user (issue 12, items 6 and 7): a
 * control server that ran out of fds accepts again; connections are capped; clients give up
 * with exit 75 on a socket that never answers; another user can't stop a baton from starting
 * by taking {@code /tmp/baton-UID} first; a non-root client of root's baton says it needs root.
 *
 * <p>The tests that need other uids run processes as uid {@value #VICTIM} (a baton's user) and
 * {@value #ATTACKER} through {@code setpriv}, which needs root.
 */
class ControlSocketSecurityIT extends ItBase {
    static final int VICTIM = 12345;
    static final int ATTACKER = 12346;
    static final Path RUN_BATON = Path.of("/run/baton");
    static final String QUICK_APP = "command: [sleep, \"600\"]\nhealthcheck: {alive: {duration: 100ms}}\n";

    final List<Process> fakes = new ArrayList<>();
    final List<Path> fakeSockets = new ArrayList<>();

    @BeforeEach
    void noDirectoriesOfTheTestUids() {
        removeTestUidDirectories();
    }

    @AfterEach
    void removeWhatTheTestMade() throws Exception {
        fakes.forEach(Process::destroyForcibly);
        for (Process p : fakes) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        for (Path p : fakeSockets) {
            Files.deleteIfExists(p);
        }
        batons.forEach(Baton::close);
        removeTestUidDirectories();
    }

    static void removeTestUidDirectories() {
        if (isRoot()) {
            sh("rm -rf /tmp/baton-" + VICTIM + " /tmp/baton-" + VICTIM + "-* /tmp/baton-" + ATTACKER + "*");
        }
    }

    // ---- item 6: faults ----------------------------------------------------------------------

    @Test
    void theControlServerCapsItsConnectionsAndSaysWhy() throws IOException {
        requireRoot("needs root: it connects to root's control socket in /run/baton");
        Path cfg = write("app.yaml", QUICK_APP + "upgrade: {mode: inplace}\n");
        Baton baton = run(cfg);
        baton.awaitReady();
        Path socket = ControlPaths.socketFor(cfg, RUN_BATON);
        List<SocketChannel> held = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
                held.add(ch);
                assertTrue(firstLine(ch).startsWith("BATON 1 pid=" + baton.pid()), "connection " + (i + 1));
            }
            SocketChannel over = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            held.add(over);
            assertEquals("BUSY too many control connections", firstLine(over), "the 17th connection at once");
            Baton status = client(dir, List.of(Baton.bin().toString(), "status", "-c", cfg.toString()));
            assertEquals(75, status.awaitExit(Duration.ofSeconds(20)), status.log());
            assertEquals("baton: baton is busy (too many control connections); ask again later\n", status.log());
        } finally {
            for (SocketChannel ch : held) {
                ch.close();
            }
        }
        Baton status = client(dir, List.of(Baton.bin().toString(), "status", "-c", cfg.toString()));
        assertEquals(0, status.awaitExit(Duration.ofSeconds(20)), "a slot is free again: " + status.log());
    }

    @Test
    void theControlServerAcceptsAgainAfterRunningOutOfFds() throws IOException {
        requireRoot("needs root: it connects to root's control socket in /run/baton");
        Path cfg = write("app.yaml", QUICK_APP + "upgrade: {mode: inplace}\n");
        Baton baton = run(cfg);
        baton.awaitReady();
        long pid = baton.pid();
        int limit = fdCount(pid) + 6;
        exec("prlimit", "--pid", Long.toString(pid), "--nofile=" + limit + ":" + limit);
        Path socket = ControlPaths.socketFor(cfg, RUN_BATON);
        List<SocketChannel> burst = new ArrayList<>();
        try {
            // more connections than fds left: baton accepts 6, then accept4 fails with EMFILE
            for (int i = 0; i < 30 && connectWithoutWaiting(socket, burst); i++) {
                // the backlog fills up behind the accepted ones
            }
            assertTrue(burst.size() > 6, "only " + burst.size() + " connections");
            Await.until("baton's accept thread to have hit its fd limit (" + limit + ")", Duration.ofSeconds(10),
                    () -> fdCount(pid) >= limit && !acceptThreadInAccept(pid));
        } finally {
            for (SocketChannel ch : burst) {
                ch.close();
            }
        }
        Baton status = client(dir, List.of(Baton.bin().toString(), "status", "-c", cfg.toString()));
        assertEquals(0, status.awaitExit(Duration.ofSeconds(20)), status.log());
        assertTrue(status.out().contains("  state:       serving\n"), status.out());
        Baton upgrade = client(dir, List.of(Baton.bin().toString(), "upgrade", "-c", cfg.toString()));
        assertEquals(0, upgrade.awaitExit(Duration.ofSeconds(60)), upgrade.log());
        assertTrue(upgrade.out().startsWith("baton: generation 2 took over"), upgrade.out());
    }

    @Test
    void clientsGiveUpWithExit75OnASocketThatNeverAnswers() throws Exception {
        requireRoot("needs root: its fake sockets sit where root's baton has its own, in /run/baton");
        Path full = fake("full", write("full.yaml", QUICK_APP));
        Path silent = fake("silent", write("silent.yaml", QUICK_APP));
        // a flip budget of 0 + 500ms + 0 + 500ms + the 10 s margin
        Path muteCfg = write("mute.yaml", QUICK_APP + "upgrade: {timeout: 500ms, start_allowance: 0s}\n"
                + "shutdown: {delay: 0s, timeout: 500ms}\n");
        Path mute = fake("mute", muteCfg);
        String bin = Baton.bin().toString();
        // all at once: each waits out its own deadline
        Baton statusFull = client(dir, List.of(bin, "status", "-c", dir.resolve("full.yaml").toString()));
        Baton upgradeFull = client(dir, List.of(bin, "upgrade", "-c", dir.resolve("full.yaml").toString()));
        Baton statusSilent = client(dir, List.of(bin, "status", "-c", dir.resolve("silent.yaml").toString()));
        Baton statusMute = client(dir, List.of(bin, "status", "-c", muteCfg.toString()));
        Baton upgradeMute = client(dir, List.of(bin, "upgrade", "-c", muteCfg.toString()));
        Baton upgradeMuteCapped = client(dir, List.of(bin, "upgrade", "-c", muteCfg.toString(), "--timeout", "2s"));

        String notAccepting = "baton: no answer from baton within 5s (its control socket at %s accepts no connections)\n";
        assertTimedOut(statusFull, String.format(notAccepting, full));
        assertTimedOut(upgradeFull, String.format(notAccepting, full));
        assertTimedOut(statusSilent, String.format(notAccepting, silent));
        assertTimedOut(statusMute, "baton: no answer from baton within 5s (it took the STATUS request at " + mute
                + " but did not answer)\n");
        assertTimedOut(upgradeMute, "baton: no answer from baton within 11s, the flip's time budget "
                + "(upgrade.start_allowance + upgrade.timeout + upgrade.probation + shutdown.delay + shutdown.timeout"
                + " + 10s); "
                + "a flip may still be running\n");
        assertTimedOut(upgradeMuteCapped, "baton: no outcome within 2s; a flip may still be running\n");
    }

    // ---- item 7: a hostile local user ---------------------------------------------------------

    /** What the attacker puts at {@code /tmp/baton-VICTIM} before the victim's baton starts. */
    enum Squat {
        DIRECTORY("mkdir -m 0777 %s"), SYMLINK("ln -s /tmp %s"), FILE("touch %s");

        final String command;

        Squat(String command) {
            this.command = command;
        }
    }

    @ParameterizedTest
    @EnumSource(Squat.class)
    void anotherUserTakingTmpBatonUidFirstDoesNotStopTheBaton(Squat squat) throws IOException {
        requireRoot();
        Path taken = Path.of("/tmp/baton-" + VICTIM);
        exec("setpriv", "--reuid=" + ATTACKER, "--regid=" + ATTACKER, "--clear-groups", "sh", "-c",
                String.format(squat.command, taken));
        Path cfg = victimConfig(QUICK_APP + "upgrade: {mode: inplace}\n");
        Baton baton = victimBaton(cfg);

        Baton status = client(dir, asVictim(Baton.bin().toString(), "status", "-c", cfg.toString()));
        assertEquals(0, status.awaitExit(Duration.ofSeconds(20)), status.log());
        assertTrue(status.out().startsWith("baton 0.1.0 (pid " + baton.pid() + ")"), status.out());
        assertEquals(ATTACKER, Files.getAttribute(taken, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                "baton left the attacker's " + squat + " alone");
        Path own = privateDirectory();
        assertTrue(Files.exists(ControlPaths.socketFor(cfg, own), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aReexecFlipFromARandomDirectoryKeepsItsSocketAndRemovesItAtTheEnd() throws IOException {
        requireRoot();
        exec("setpriv", "--reuid=" + ATTACKER, "--regid=" + ATTACKER, "--clear-groups", "mkdir", "/tmp/baton-" + VICTIM);
        Path cfg = victimConfig(QUICK_APP + "upgrade: {mode: reexec}\n");
        victimBaton(cfg);
        Path socket = ControlPaths.socketFor(cfg, privateDirectory());

        Baton upgrade = client(dir, asVictim(Baton.bin().toString(), "upgrade", "-c", cfg.toString()));
        assertEquals(0, upgrade.awaitExit(Duration.ofSeconds(60)), upgrade.log());
        Matcher m = Pattern.compile("baton pid (\\d+)").matcher(upgrade.out());
        assertTrue(m.find(), upgrade.out());
        long newBaton = Long.parseLong(m.group(1));
        Baton status = client(dir, asVictim(Baton.bin().toString(), "status", "-c", cfg.toString()));
        assertEquals(0, status.awaitExit(Duration.ofSeconds(20)), status.log());
        assertTrue(status.out().contains("  generation:  2\n"), status.out());

        Procs.kill(newBaton, "TERM");
        Await.until("the new baton to stop", Duration.ofSeconds(20), () -> !Procs.alive(newBaton));
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS),
                "the new baton removed the control socket it inherited, at " + socket);
    }

    @Test
    void aNonRootClientOfRootsBatonSaysItNeedsRoot() throws IOException {
        requireRoot();
        Path cfg = victimConfig(QUICK_APP + "upgrade: {mode: inplace}\n");
        Baton baton = run(cfg);
        baton.awaitReady();

        Baton status = client(dir, asVictim(Baton.bin().toString(), "status", "-c", cfg.toString()));
        assertEquals(77, status.awaitExit(Duration.ofSeconds(20)), status.log());
        assertEquals("baton: the baton of this config runs as root; run this as root (e.g. sudo baton status -c "
                + cfg + ")\n", status.log());
        Baton upgrade = client(dir, asVictim(Baton.bin().toString(), "upgrade", "-c", cfg.toString()));
        assertEquals(77, upgrade.awaitExit(Duration.ofSeconds(20)), upgrade.log());
        assertEquals("baton: the baton of this config runs as root; run this as root (e.g. sudo baton upgrade -c "
                + cfg + ")\n", upgrade.log());
        assertEquals(0, baton.count("flip initiated"), "nothing reached root's baton");

        assertEquals(0, Files.getAttribute(RUN_BATON, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(RUN_BATON,
                LinkOption.NOFOLLOW_LINKS)), "root's runtime directory");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                ControlPaths.socketFor(cfg, RUN_BATON), LinkOption.NOFOLLOW_LINKS)), "root's control socket");
    }

    // ---- set-up ------------------------------------------------------------------------------

    /** A config the victim can read: the test's directory becomes 0755, the file 0644. */
    Path victimConfig(String yaml) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cfg = write("app.yaml", yaml);
        Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));
        return cfg;
    }

    /** {@code baton run -c CFG} as the victim, without XDG_RUNTIME_DIR (as a User= service or cron has it). */
    Baton victimBaton(Path cfg) {
        Baton baton = Baton.startVia(dir, env(), asVictim(Baton.bin().toString(), "run", "-c", cfg.toString())
                .toArray(String[]::new));
        batons.add(baton);
        Await.until("the victim's baton to be ready", Baton.START,
                () -> baton.count(" ready$") > 0 || !baton.process.isAlive());
        if (!baton.process.isAlive()) {
            fail("the victim's baton exited with " + baton.process.exitValue() + ":\n" + baton.log());
        }
        return baton;
    }

    /** The victim's private {@code /tmp/baton-VICTIM-*} directory: exactly one, the victim's, 0700. */
    static Path privateDirectory() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(Path.of("/tmp"))) {
            dirs = s.filter(p -> p.getFileName().toString().startsWith("baton-" + VICTIM + "-")).toList();
        }
        assertEquals(1, dirs.size(), "private directories: " + dirs);
        Path dir = dirs.get(0);
        assertEquals(VICTIM, Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir,
                LinkOption.NOFOLLOW_LINKS)));
        return dir;
    }

    static List<String> asVictim(String... command) {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + VICTIM, "--regid=" + VICTIM,
                "--clear-groups", "env", "-u", "XDG_RUNTIME_DIR", "HOME=/tmp"));
        cmd.addAll(List.of(command));
        return cmd;
    }

    Baton client(Path cwd, List<String> command) {
        Baton b = Baton.startVia(cwd, env(), command.toArray(String[]::new));
        batons.add(b);
        return b;
    }

    /** Starts controlfake.py MODE at the control socket root's baton would have for {@code cfg}. */
    Path fake(String mode, Path cfg) throws Exception {
        Files.createDirectories(RUN_BATON);
        Path socket = ControlPaths.socketFor(cfg, RUN_BATON);
        fakeSockets.add(socket);
        Path out = dir.resolve(mode + ".out");
        ProcessBuilder pb = new ProcessBuilder("python3", testapp().resolveSibling("controlfake.py").toString(), mode,
                socket.toString(), "dev.baton.launcher.Main").redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(env());
        Process p = pb.start();
        fakes.add(p);
        Await.until("controlfake.py " + mode + " to be ready", Duration.ofSeconds(10),
                () -> lines(out).contains("ready") || !p.isAlive());
        assertTrue(p.isAlive(), "controlfake.py " + mode + " exited with " + (p.isAlive() ? 0 : p.exitValue()));
        return socket;
    }

    static void assertTimedOut(Baton client, String line) {
        assertEquals(75, client.awaitExit(Duration.ofSeconds(40)), client.log());
        assertEquals(line, client.log());
    }

    static String firstLine(SocketChannel ch) throws IOException {
        return new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8)).readLine();
    }

    /** A connect that does not wait for a full backlog; false once the backlog is full. */
    static boolean connectWithoutWaiting(Path socket, List<SocketChannel> into) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.configureBlocking(false);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) { // EAGAIN: the backlog is full
            ch.close();
            return false;
        }
        into.add(ch);
        return true;
    }

    static int fdCount(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * baton's accept thread ("baton-control") is in accept4(2) or about to be. False once it sleeps
     * (a back-off) or has ended: with the fd table full, its next accept4 fails with EMFILE.
     */
    static boolean acceptThreadInAccept(long pid) {
        String accept4 = System.getProperty("os.arch").equals("aarch64") ? "242" : "288";
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).trim().equals("baton-control")) {
                        String call = Files.readString(task.resolve("syscall")).split(" ")[0].trim();
                        return call.equals(accept4) || call.equals("running");
                    }
                } catch (IOException e) {
                    // that thread ended meanwhile
                }
            }
            return false;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void requireRoot() {
        requireRoot("needs root to run processes as other uids");
    }

    static void requireRoot(String why) {
        if (!isRoot()) {
            fail(why + "; run ./test.sh as root");
        }
    }

    static void exec(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void sh(String script) {
        exec("sh", "-c", script);
    }
}
