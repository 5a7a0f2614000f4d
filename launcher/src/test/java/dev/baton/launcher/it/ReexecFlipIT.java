package dev.baton.launcher.it;

import dev.baton.core.supervisor.Pidfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Re-exec flips ({@code upgrade.mode: reexec}): a new baton takes over from the old one, and
 * every fault we can inject leaves the old generation serving.
 */
class ReexecFlipIT extends ItBase {
    static final Duration FLIP = Duration.ofSeconds(30);

    int port;
    Path record;

    @BeforeEach
    void setUp() {
        port = Http.freePort();
        record = dir.resolve("signals.log");
        pidfile = dir.resolve("baton.pid");
    }


    /** A config in reexec mode; generation n is healthy once {@code ready-n} exists (the app makes it). */
    String config(String extraYaml, String... extraFlags) {
        List<String> flags = new ArrayList<>(List.of("--port", Integer.toString(port), "--record", record.toString(),
                "--ready-file", dir.resolve("ready-{{generation}}").toString()));
        flags.addAll(List.of(extraFlags));
        return String.join("\n",
                "command: " + app(flags.toArray(String[]::new)),
                "pidfile: " + pidfile,
                "upgrade: {mode: reexec, timeout: 20s, start_allowance: 20s}",
                "shutdown: {timeout: 2s}",
                "healthcheck: " + readyFileCheck(dir.resolve("ready-{{generation}}")),
                extraYaml,
                "");
    }

    /** A config whose generation-n child only becomes healthy once the test creates {@code gate-n}. */
    String gatedConfig(String extraYaml) {
        return config(extraYaml).replace("healthcheck: " + readyFileCheck(dir.resolve("ready-{{generation}}")),
                "healthcheck: " + readyFileCheck(dir.resolve("gate-{{generation}}")));
    }

    long batonInCharge() {
        return Pidfile.read(pidfile).orElse(-1);
    }

    /** Sends the upgrade signal to the baton in the pidfile and waits until the n-th flip has ended. */
    void flip(Baton log, int n) {
        Procs.kill(batonInCharge(), "HUP");
        log.awaitLog("flip ended: the old baton has exited", n, FLIP);
    }

    List<String> signalsOf(long pid) {
        return lines(record).stream().filter(l -> l.startsWith(pid + " ")).map(l -> l.substring(l.indexOf(' ') + 1))
                .toList();
    }

    /** The pid of the new baton of generation n, from its start-up log line. */
    static long newBatonPid(Baton log, int generation) {
        Matcher m = Pattern.compile("baton\\[(\\d+)] generation=" + generation + " baton \\S+ starting as the new")
                .matcher(log.log());
        assertTrue(m.find(), "no new baton for generation " + generation + "\n" + log.log());
        return Long.parseLong(m.group(1));
    }


    @Test
    void aReexecFlip() {
        Baton old = run(write("app.yaml", config("")));
        old.awaitReady();
        long oldChild = old.childPid(1);
        assertEquals(old.pid(), batonInCharge());
        flip(old, 1);
        long newBaton = newBatonPid(old, 2);
        long newChild = old.childPid(2);
        assertEquals(newChild, Http.pid(port), "the new child serves");
        assertEquals(List.of("TERM"), signalsOf(oldChild), "the old child got shutdown.signal");
        assertEquals(newBaton, batonInCharge(), "the pidfile holds the new baton's pid");
        assertEquals(0, old.awaitExit(Duration.ofSeconds(10)), "the old baton exited 0");
        assertEquals(newBaton, Procs.stat(newChild).orElseThrow().ppid(), "the new baton is the new child's parent");
        Procs.kill(newBaton, "TERM");
        Await.until("the new baton to exit", Duration.ofSeconds(10), () -> !Procs.alive(newBaton));
    }

    @Test
    void pidfileOptionInPlaceOfTheConfigsNamesEachBatonInCharge() {
        // the config names another pidfile: --pidfile wins, at the first start and in the new baton
        Path option = pidfile;
        pidfile = dir.resolve("from-config.pid");
        Path cfg = write("app.yaml", config(""));
        pidfile = option;
        Baton old = Baton.start(dir, env(), "run", "-c", cfg.toString(), "--pidfile", option.toString());
        batons.add(old);
        old.awaitReady();
        assertEquals(old.pid(), batonInCharge());
        flip(old, 1);
        long newBaton = newBatonPid(old, 2);
        assertEquals(newBaton, batonInCharge(), "the new baton got --pidfile too");
        assertFalse(Files.exists(dir.resolve("from-config.pid")), "the config's pidfile: is not used");
        Procs.kill(newBaton, "TERM");
        Await.until("the new baton to exit", Duration.ofSeconds(10), () -> !Procs.alive(newBaton));
    }

    @Test
    void tenFlipsInARowWithAFlatFdCountAndNoLeftovers() {
        Baton first = run(write("app.yaml", config("")));
        first.awaitReady();
        int fdsAfterFirstFlip = -1;
        long previous = first.pid();
        for (int gen = 2; gen <= 11; gen++) {
            flip(first, gen - 1);
            long baton = batonInCharge();
            assertNotEquals(previous, baton);
            long before = previous;
            Await.until("the old baton to be gone", Duration.ofSeconds(5), () -> !Procs.alive(before));
            assertEquals(first.childPid(gen), Http.pid(port));
            assertEquals(1, Procs.childrenOf(baton).stream()
                    .filter(s -> Procs.cmdline(s.pid()).contains("testapp.py")).count(), "one child per baton");
            if (gen == 2) {
                fdsAfterFirstFlip = Procs.fdCount(baton);
            }
            previous = baton;
        }
        assertEquals(fdsAfterFirstFlip, Procs.fdCount(previous), "the baton in charge has as many fds after 10 flips as after 1");
        List<Long> ours = Procs.withEnv("IT_TAG", tag);
        assertEquals(2, ours.size(), "only the baton in charge and its child remain: " + ours);
    }

    /**
     * Issue 12, item 5: a config with a listener flips to one without, and the next flip's baton
     * must not adopt "fd 5" from a stale BATON_LISTENERS (in 0.1.0 it was the JDK's lib/modules by
     * then): it would close that fd and delete the socket file that another program now listens on.
     */
    @Test
    void aListenerDroppedByOneFlipIsNotAdoptedByTheNextNewBaton() throws Exception {
        Path sock = dir.resolve("admin.sock");
        Path cfg = write("app.yaml", config("listeners: [{name: admin, address: \"unix://" + sock + "\"}]"));
        Baton first = run(cfg);
        first.awaitReady();
        write("app.yaml", config(""));
        flip(first, 1);
        Await.until("the dropped listener's file to go", FLIP, () -> !Files.exists(sock));

        try (var other = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            other.bind(java.net.UnixDomainSocketAddress.of(sock)); // another program takes the path
            flip(first, 2);
            long inCharge = batonInCharge();
            assertTrue(first.log().contains("baton[" + inCharge + "] generation=3 baton "), first.log());
            assertTrue(Files.exists(sock), "the other program's socket file is still there\n" + first.log());
            try (var client = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(sock))) {
                assertTrue(client.isConnected(), "and it still answers");
            }
            long child = first.childPid(3);
            assertEquals(child, Http.pid(port));
            Procs.kill(inCharge, "TERM");
            Await.until("the baton in charge to stop", FLIP, () -> !Procs.alive(inCharge));
            assertEquals(List.of("TERM"), signalsOf(child), "its child was drained, not SIGKILLed by the guard");
        }
    }

    @Test
    void flipToReleaseBAndBackToA() throws Exception {
        Path releases = Files.createDirectories(dir.resolve("releases"));
        Path a = copyRelease(releases.resolve("A"), "0.0.1-A");
        Path b = copyRelease(releases.resolve("B"), "0.0.2-B");
        Path current = dir.resolve("current");
        swap(current, a);
        Path cfg = write("app.yaml", config(""));
        Baton first = Baton.startVia(dir, env(), current.resolve("bin/baton").toString(), "run", "-c", cfg.toString());
        batons.add(first);
        first.awaitReady();
        assertTrue(first.log().contains("generation=1 baton 0.0.1-A starting"), first.log());

        swap(current, b);
        flip(first, 1);
        assertTrue(first.log().contains("baton[" + batonInCharge() + "] generation=2 baton 0.0.2-B starting"),
                "the new baton runs release B\n" + first.log());
        assertEquals(first.childPid(2), Http.pid(port));

        swap(current, a);
        flip(first, 2);
        assertTrue(first.log().contains("baton[" + batonInCharge() + "] generation=3 baton 0.0.1-A starting"),
                "and back to release A\n" + first.log());
        assertEquals(first.childPid(3), Http.pid(port));
    }

    @Test
    void invalidConfigAtReload() {
        Path cfg = write("app.yaml", config(""));
        Baton old = run(cfg);
        old.awaitReady();
        long child = old.childPid(1);
        write("app.yaml", config("").replace("timeout: 2s", "timeout: nope"));
        Procs.kill(old.pid(), "HUP");
        old.awaitLog("generation=2 flip failed: config error: .*app.yaml:4: shutdown.timeout: \"nope\" is not a "
                + "duration; expected a duration such as 250ms, 5s or 1m30s; generation 1 keeps serving", FLIP);
        assertOldGenerationUntouched(old, child);
    }

    @Test
    void launcherMissingAtReload() throws Exception {
        Path release = copyRelease(dir.resolve("releases/A"), "0.0.1-A");
        Path current = dir.resolve("current");
        swap(current, release);
        Baton old = Baton.startVia(dir, env(), current.resolve("bin/baton").toString(), "run", "-c",
                write("app.yaml", config("")).toString());
        batons.add(old);
        old.awaitReady();
        long child = old.childPid(1);
        swap(current, dir.resolve("releases/gone"));
        Procs.kill(old.pid(), "HUP");
        old.awaitLog("generation=2 flip failed: cannot start the new baton: cannot start .*current/bin/baton.*: "
                + "No such file or directory; generation 1 keeps serving", FLIP);
        assertOldGenerationUntouched(old, child);
    }

    @Test
    void brokenLauncherAndAJvmThatCannotStart() throws Exception {
        Path current = dir.resolve("current");
        swap(current, copyRelease(dir.resolve("releases/A"), "0.0.1-A"));
        Baton old = Baton.startVia(dir, env(), current.resolve("bin/baton").toString(), "run", "-c",
                write("app.yaml", config("")).toString());
        batons.add(old);
        old.awaitReady();
        long child = old.childPid(1);

        Path broken = Files.createDirectories(dir.resolve("releases/broken/bin"));
        Files.writeString(broken.resolve("baton"), "#!/bin/sh\necho 'broken launcher' >&2\nexit 3\n");
        broken.resolve("baton").toFile().setExecutable(true);
        swap(current, broken.getParent());
        Procs.kill(old.pid(), "HUP");
        old.awaitLog("generation=2 flip failed: new baton exited with code 3 before it was ready; generation 1 keeps "
                + "serving", FLIP);

        Path noJvm = copyRelease(dir.resolve("releases/nojvm"), "0.0.3");
        Path script = noJvm.resolve("bin/baton");
        Files.writeString(script, Files.readString(script).replace("-XX:+ExitOnOutOfMemoryError",
                "-XX:+NoSuchJvmOption"));
        swap(current, noJvm);
        Procs.kill(old.pid(), "HUP");
        old.awaitLog("generation=2 flip failed: new baton exited with code 1 before it was ready", FLIP);
        assertOldGenerationUntouched(old, child);
    }

    @Test
    void newChildExitsAtStart() {
        Baton old = run(write("app.yaml", config("")));
        old.awaitReady();
        long child = old.childPid(1);
        write("app.yaml", config("", "--exit-at-start", "3"));
        Procs.kill(old.pid(), "HUP");
        old.awaitLog("generation=2 flip failed: new child exited with code 3 before it was healthy; generation 1 "
                + "keeps serving", FLIP);
        long newBaton = newBatonPid(old, 2);
        Await.until("the new baton to be gone", Duration.ofSeconds(10), () -> !Procs.alive(newBaton));
        assertOldGenerationUntouched(old, child);
    }

    @Test
    void newChildNeverHealthy() {
        Baton old = run(write("app.yaml", config("")));
        old.awaitReady();
        long child = old.childPid(1);
        write("app.yaml", gatedConfig("").replace("timeout: 20s", "timeout: 1s"));
        Procs.kill(old.pid(), "HUP");
        old.awaitLog("generation=2 flip failed: new child not healthy within 1s \\(last: exec check: test .*\\); "
                + "generation 1 keeps serving", FLIP);
        long newBaton = newBatonPid(old, 2);
        long newChild = old.childPid(2);
        Await.until("the new baton and its child to be gone", Duration.ofSeconds(10),
                () -> !Procs.alive(newBaton) && Procs.group(newChild).isEmpty());
        assertOldGenerationUntouched(old, child);
    }

    @Test
    void newBatonSigkilledBeforeReady() {
        Baton old = run(write("app.yaml", gatedConfig("")));
        Files2.touch(dir.resolve("gate-1"));
        old.awaitReady();
        long child = old.childPid(1);
        Procs.kill(old.pid(), "HUP");
        old.awaitLog("generation=2 pid=\\d+ child started", FLIP);
        long newBaton = newBatonPid(old, 2);
        long newChild = old.childPid(2);
        Procs.kill(newBaton, "KILL");
        old.awaitLog("generation=2 flip failed: new baton killed by SIGKILL before it was ready; generation 1 keeps "
                + "serving", FLIP);
        Await.until("the new child's group to be gone", Duration.ofSeconds(5), () -> Procs.group(newChild).isEmpty());
        assertOldGenerationUntouched(old, child);
    }

    @Test
    void newBatonThatHangsIsKilledAtTheDeadline() throws Exception {
        Path current = dir.resolve("current");
        swap(current, copyRelease(dir.resolve("releases/A"), "0.0.1-A"));
        Baton old = Baton.startVia(dir, env(), current.resolve("bin/baton").toString(), "run", "-c",
                write("app.yaml", config("").replace("timeout: 20s, start_allowance: 20s",
                        "timeout: 1s, start_allowance: 1s")).toString());
        batons.add(old);
        old.awaitReady();
        long child = old.childPid(1);
        Path hangs = Files.createDirectories(dir.resolve("releases/hangs/bin"));
        Files.writeString(hangs.resolve("baton"), "#!/bin/sh\nexec sleep 600\n");
        hangs.resolve("baton").toFile().setExecutable(true);
        swap(current, hangs.getParent());
        long start = System.nanoTime();
        Procs.kill(old.pid(), "HUP");
        old.awaitLog("generation=2 flip failed: new baton pid \\d+ not ready within the deadline; killed; generation 1"
                + " keeps serving", FLIP);
        long took = (System.nanoTime() - start) / 1_000_000;
        assertTrue(took >= 1900 && took < 10_000, "killed at the 2 s deadline, after " + took + " ms");
        Await.until("the hung baton to be gone", Duration.ofSeconds(5), () -> Procs.childrenOf(old.pid()).stream()
                .noneMatch(s -> Procs.cmdline(s.pid()).startsWith("sleep 600")));
        assertOldGenerationUntouched(old, child);
    }

    @Test
    void oldBatonSigkilledBeforeReady() {
        Baton old = run(write("app.yaml", gatedConfig("")));
        Files2.touch(dir.resolve("gate-1"));
        old.awaitReady();
        long oldChild = old.childPid(1);
        Procs.kill(old.pid(), "HUP");
        old.awaitLog("generation=2 pid=\\d+ child started", FLIP);
        long newBaton = newBatonPid(old, 2);
        long newChild = old.childPid(2);
        Procs.kill(old.pid(), "KILL");
        Await.until("everything of both generations to be gone", Duration.ofSeconds(10),
                () -> !Procs.alive(newBaton) && Procs.group(newChild).isEmpty() && !Procs.alive(oldChild));
        assertTrue(old.log().contains("the old baton is gone before the handover was final; stopping"), old.log());
    }

    @Test
    void oldBatonSigkilledAfterReadyLeavesTheNewOneInCharge() {
        // the old child ignores TERM for a long time, so the old baton lingers after READY
        Baton old = run(write("app.yaml", config("", "--ignore", "TERM").replace("shutdown: {timeout: 2s}",
                "shutdown: {timeout: 60s}")));
        old.awaitReady();
        long oldChild = old.childPid(1);
        write("app.yaml", config("")); // later generations stop normally
        Procs.kill(old.pid(), "HUP");
        old.awaitLog("flip completed: new baton pid", FLIP);
        long newBaton = newBatonPid(old, 2);
        Procs.kill(old.pid(), "KILL");
        Await.until("the old child to die with its baton", Duration.ofSeconds(10), () -> !Procs.alive(oldChild));
        old.awaitLog("generation=2 flip ended: the old baton has exited", FLIP);
        assertTrue(Procs.alive(newBaton));
        assertEquals(old.childPid(2), Http.pid(port), "the new generation carries on");
        assertEquals(newBaton, batonInCharge());
        // and it can flip again
        flip(old, 2);
        assertEquals(old.childPid(3), Http.pid(port));
    }

    @Test
    void upgradeSignalStormAcrossReexecs() throws Exception {
        Baton first = run(write("app.yaml", config("env: {V: \"1\"}")));
        first.awaitReady();
        for (int i = 0; i < 20; i++) {
            long target = batonInCharge();
            if (target > 0) {
                Procs.kill(target, "HUP");
            }
            if (i == 4) {
                write("app.yaml", config("env: {V: \"2\"}"));
            }
            Thread.sleep(50); // pacing the storm: 20 signals over about a second, not a wait for anything
        }
        Await.until("the edited config to be served with no flip in progress", FLIP,
                () -> "2".equals(Http.get(port, "/env/V").orElse("")) && ended(first) == first.count("flip initiated"));
        assertTrue(first.count("flip initiated") >= 2, "the queued flip ran\n" + first.log());
        Matcher m = Pattern.compile("flip initiated|flip ended: the old baton has exited|flip failed").matcher(first.log());
        boolean inFlip = false;
        while (m.find()) {
            boolean start = m.group().equals("flip initiated");
            assertTrue(start != inFlip, "flips overlapped:\n" + first.log());
            inFlip = start;
        }
        assertEquals(0, first.count("flip failed"), first.log());
    }

    private static int ended(Baton b) {
        return b.count("flip ended: the old baton has exited") + b.count("flip failed");
    }

    @Test
    void termToTheOldBatonDuringAFlipStopsBothGenerations() {
        termDuringAFlip(true);
    }

    @Test
    void termToTheNewBatonDuringAFlipStopsBothGenerations() {
        termDuringAFlip(false);
    }

    private void termDuringAFlip(boolean toOld) {
        Baton old = run(write("app.yaml", gatedConfig("")));
        Files2.touch(dir.resolve("gate-1"));
        old.awaitReady();
        long oldChild = old.childPid(1);
        Procs.kill(old.pid(), "HUP");
        old.awaitLog("generation=2 pid=\\d+ child started", FLIP);
        long newBaton = newBatonPid(old, 2);
        long newChild = old.childPid(2);
        Await.until("the new child to be up (signal handlers installed)", FLIP,
                () -> Files.exists(dir.resolve("ready-2")));
        Procs.kill(toOld ? old.pid() : newBaton, "TERM");
        assertEquals(0, old.awaitExit(Duration.ofSeconds(20)), "the old baton relays its child's exit (0 on TERM)");
        Await.until("the new baton and both children to be gone", Duration.ofSeconds(10),
                () -> !Procs.alive(newBaton) && Procs.group(newChild).isEmpty() && !Procs.alive(oldChild));
        assertEquals(List.of("TERM"), signalsOf(oldChild), "the old child was stopped with shutdown.signal");
        assertEquals(List.of("TERM"), signalsOf(newChild), "and so was the new one");
    }

    @Test
    void reexecIsRefusedAsPid1() {
        Path cfg = write("app.yaml", "command: " + app() + "\nupgrade: {mode: reexec}\n");
        List<String> cmd = new ArrayList<>(List.of("unshare"));
        if (!"root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("--user", "--map-root-user"));
        }
        cmd.addAll(List.of("--pid", "--fork", "--mount-proc", Baton.bin().toString(), "run", "-c", cfg.toString()));
        Baton b = Baton.startVia(dir, env(), cmd.toArray(String[]::new));
        batons.add(b);
        assertEquals(78, b.awaitExit(Duration.ofSeconds(20)));
        assertEquals("baton: " + cfg + ":2: upgrade.mode: \"reexec\": reexec can't work with baton as PID 1 (its exit "
                + "would end the container); expected upgrade.mode: inplace or auto\n", b.log());
    }

    // ---- helpers ----

    private void assertOldGenerationUntouched(Baton old, long child) {
        assertTrue(Procs.alive(old.pid()), "the old baton runs on");
        assertEquals(child, Http.pid(port), "the old child serves");
        assertEquals(List.of(), signalsOf(child), "the old child got no signal");
        assertEquals(old.pid(), batonInCharge(), "the pidfile names the old baton");
    }

    /** Copies the built distribution to {@code to}, with its launcher jar reporting {@code version}. */
    static Path copyRelease(Path to, String version) {
        try {
            Path from = Baton.home();
            try (var files = Files.walk(from)) {
                for (Path src : files.toList()) {
                    Path rel = from.relativize(src);
                    String name = src.getFileName().toString();
                    Path dst = to.resolve(rel.toString());
                    if (Files.isDirectory(src)) {
                        Files.createDirectories(dst);
                    } else if (name.equals("baton.jar")) {
                        Jars.withVersion(src, dst, version);
                    } else if (!name.startsWith("baton.jsa") && !name.startsWith("baton.aot")) {
                        // the archive belongs to the original install
                        Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            return to;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Points {@code link} at {@code target} atomically (new link, then rename over the old). */
    static void swap(Path link, Path target) {
        try {
            Path tmp = link.resolveSibling(link.getFileName() + ".new");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, target);
            Files.move(tmp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
