package dev.baton.launcher.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, "root must never follow a path that another user can change": each attack that a
 * second local account reproduced against 0.1.0, run against a real root baton. The attacker is a
 * process of another uid; where a race is involved, it drives the race on purpose with an inotify
 * watcher that swaps a symlink in the moment baton's file appears (swapper.py).
 */
class LocalAttackerIT extends ItBase {
    /** The app's user: Debian's nobody, so that {@code user:} resolves through passwd. */
    static final int APP = 65534;
    /** Another local user, with no passwd entry (setpriv needs none). */
    static final int OTHER = 12346;
    static final Duration START = Duration.ofSeconds(20);
    static final Path ROOT_RUNTIME = Path.of("/run/baton");

    /** Under /tmp, 0755: every uid can pass through it (the test's own temp dir is 0700). */
    Path world;
    Path apps;
    Attacker app;
    Attacker other;

    @BeforeEach
    void setUp() throws IOException {
        Attacker.requireRoot();
        world = Files.createTempDirectory(Path.of("/tmp"), "baton-sec-");
        Files.setPosixFilePermissions(world, PosixFilePermissions.fromString("rwxr-xr-x"));
        apps = Attacker.copyApps(world);
        app = new Attacker(APP, env(), apps);
        other = new Attacker(OTHER, env(), apps);
    }

    @AfterEach
    void tearDown() throws IOException {
        app.close();
        other.close();
        try (Stream<Path> all = Files.walk(world)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    String appCommand(String... flags) {
        StringBuilder sb = new StringBuilder("[" + Attacker.PYTHON + ", \"" + apps.resolve("testapp.py") + "\"");
        for (String f : flags) {
            sb.append(", \"").append(f).append('"');
        }
        return sb.append(']').toString();
    }

    /** The test app, healthy once its signal handlers are in place (so a TERM is always its clean exit). */
    String servingApp() {
        Path ready = dir.resolve("ready-{{generation}}");
        return "command: " + appCommand("--ready-file", ready.toString()) + "\nhealthcheck: " + readyFileCheck(ready);
    }

    /** The file holds the whole NOTIFY_SOCKET path (the app writes it in place, so it may be empty a moment). */
    private static boolean notifyPathIn(Path file) {
        try {
            return Files.readString(file).trim().startsWith("/");
        } catch (IOException e) {
            return false;
        }
    }

    // ---- item 1 and 4: the notify check with user: ----

    @Test
    void theNotifyCheckHandsTheChildItsSocketAndNothingElse() throws IOException {
        Path secret = Attacker.rootFile(world, "secret", "rw-------");
        Path run = Attacker.directory(world, "run", APP, "755");
        // READY=1 comes 1.5 s after start: the socket exists while the check waits for it
        Path cfg = write("app.yaml", "command: " + appCommand("--notify", "--notify-after", "1.5", "--notify-env",
                run + "/notify-{{generation}}") + "\nuser: nobody\nupgrade: {mode: inplace, timeout: 10s}\n"
                + "healthcheck: {notify: {}}\n");
        Baton b = run(cfg);
        // the app writes the file in place: wait until its path is in it, not just until it exists
        Await.until("generation 1's NOTIFY_SOCKET", START, () -> Files.exists(run.resolve("notify-1"))
                && notifyPathIn(run.resolve("notify-1")), b::log);
        Path socket = Path.of(Files.readString(run.resolve("notify-1")));
        Path own = socket.getParent();
        Path base = own.getParent();
        assertEquals(ROOT_RUNTIME.resolve("notify"), base);

        assertEquals("0 rwx--x--x", owner(ROOT_RUNTIME), "root's runtime directory: the child may only pass through");
        assertEquals("0 rwx--x--x", owner(base), "so is notify/");
        assertEquals("0 rwx--x--x", owner(own), "the child's own directory stays root's");
        assertEquals(APP + " rw-------", owner(socket), "only the socket is the child's");
        assertNotEquals(0, app.run("ln", "-sfn", secret.toString(), socket.toString()),
                "the app's user can't put a symlink where its socket is");
        assertNotEquals(0, app.run("mv", socket.toString(), own.resolve("moved").toString()));
        b.awaitReady();
        assertTrue(!Files.exists(own, LinkOption.NOFOLLOW_LINKS), "gone once the check has passed");

        // its best try at the race of 0.1.0 (root chowned the directory, then the socket by path)
        app.swap(base, "notify\\.sock", secret, "--subdirs", "--after-owner", Integer.toString(APP));
        for (int n = 1; n <= 3; n++) {
            b.signal("HUP");
            b.awaitLog("flip completed", n, START);
            b.awaitLog("stopped: child", n, START);
        }
        assertEquals("0 rw------- precious", Attacker.describe(secret));
        Set<Path> dirs = new HashSet<>();
        for (int g = 1; g <= 4; g++) {
            dirs.add(Path.of(Files.readString(run.resolve("notify-" + g))).getParent());
        }
        assertEquals(4, dirs.size(), "one directory per generation");

        for (Path d : dirs) {
            assertTrue(!Files.exists(d, LinkOption.NOFOLLOW_LINKS), d + " is removed once its check has passed");
        }
        b.signal("TERM");
        assertEquals(0, b.awaitExit(START));
    }

    @Test
    void aFailedFirstStartLeavesNoNotifyDirectoryBehind() throws IOException {
        Set<Path> before = notifyDirectories();
        // the first child exits at once, or never sends READY=1
        for (List<String> failure : List.of(List.of("--exit-at-start", "3"), List.of("--ignore", "HUP"))) {
            Path cfg = write("app.yaml", "command: " + appCommand(failure.toArray(String[]::new))
                    + "\nupgrade: {mode: inplace, timeout: 1s}\nhealthcheck: {notify: {}}\n");
            Baton b = run(cfg);
            assertNotEquals(0, b.awaitExit(START), b.log());
            assertEquals(before, notifyDirectories(), "no notify-* directory is left behind (" + failure + ")\n"
                    + b.log());
        }
    }

    // ---- item 2: the pidfile ----

    @Test
    void aPidfileDirectoryThatAnotherUserOwnsIsRefused() throws IOException {
        Path shared = Attacker.directory(world, "app-run", OTHER, "755");
        Path shadow = Attacker.rootFile(world, "shadow", "rw-------");
        other.swap(shared, "\\.baton\\.pid\\..*", shadow);
        Path cfg = write("app.yaml", servingApp() + "\npidfile: " + shared.resolve("baton.pid") + "\nupgrade: {mode: inplace}\n");
        Baton b = run(cfg);
        assertEquals(78, b.awaitExit(START), b.log());
        assertEquals("baton: " + cfg + ":3: pidfile: directory " + shared + " is unsafe: it belongs to uid " + OTHER
                + ", who could redirect baton's writes; expected a directory only root can write to, as systemd requires"
                + " for PIDFile= (e.g. /run)\n", b.log());
        assertEquals("0 rw------- precious", Attacker.describe(shadow));
    }

    @Test
    void aPidfileDirectoryHandedToAnotherUserFailsTheNextFlipNotTheService() throws IOException {
        Path shared = Attacker.directory(world, "app-run", 0, "755");
        Path shadow = Attacker.rootFile(world, "shadow", "rw-------");
        Path pidfile = shared.resolve("baton.pid");
        Path cfg = write("app.yaml", servingApp() + "\npidfile: " + pidfile + "\nupgrade: {mode: inplace}\n");
        Baton b = run(cfg);
        b.awaitReady();
        assertEquals(b.pid() + "\n", Files.readString(pidfile));
        assertEquals("0 rw-r--r--", owner(pidfile));

        Files.setAttribute(shared, "unix:uid", OTHER);
        other.swap(shared, "\\.baton\\.pid\\..*", shadow);
        b.signal("HUP");
        b.awaitLog("generation=2 flip failed: config error: .*pidfile: directory " + shared + " is unsafe: it belongs to "
                + "uid " + OTHER, START);
        assertTrue(Procs.alive(b.childPid(1)), "generation 1 keeps serving");
        assertEquals("0 rw------- precious", Attacker.describe(shadow));
        b.signal("TERM");
        assertEquals(0, b.awaitExit(START));
    }

    @Test
    void aStickyPidfileDirectoryIsAllowedAndAPlantedSymlinkIsReplacedNotFollowed() throws IOException {
        Path sticky = Attacker.directory(world, "tmp", 0, "1777");
        Path shadow = Attacker.rootFile(world, "shadow", "rw-------");
        Path pidfile = sticky.resolve("baton.pid");
        assertEquals(0, other.run("ln", "-s", shadow.toString(), pidfile.toString()));
        Path cfg = write("app.yaml", servingApp() + "\npidfile: " + pidfile + "\nupgrade: {mode: inplace}\n");
        Baton b = run(cfg);
        b.awaitReady();
        assertTrue(Files.isRegularFile(pidfile, LinkOption.NOFOLLOW_LINKS), "the link was replaced");
        assertEquals(b.pid() + "\n", Files.readString(pidfile));
        assertEquals("0 rw------- precious", Attacker.describe(shadow));
        b.signal("TERM");
        assertEquals(0, b.awaitExit(START));
        assertTrue(!Files.exists(pidfile, LinkOption.NOFOLLOW_LINKS), "removed at stop");
    }

    // ---- item 3: unix listeners ----

    @Test
    void aUnixListenersModeIsSetWithoutFollowingASwappedInSymlink() throws IOException {
        Path sockets = Attacker.directory(world, "sockets", OTHER, "755");
        Path key = Attacker.rootFile(world, "key", "rw-------");
        Path sock = sockets.resolve("app.sock");
        other.swap(sockets, null, key, "--spin", "app.sock", "--for", "60");
        Path cfg = write("app.yaml", servingApp() + "\nupgrade: {mode: inplace}\n"
                + "listeners: [{name: app, address: \"unix://" + sock + "\", mode: \"0666\"}]\n");
        for (int round = 1; round <= 12; round++) {
            Baton b = run(cfg);
            b.awaitReady();
            b.signal("TERM");
            assertEquals(0, b.awaitExit(START));
            assertEquals("0 rw------- precious", Attacker.describe(key), "round " + round);
            Files.deleteIfExists(sock); // the attacker's link, if it won the race
            Files.deleteIfExists(dir.resolve("ready-1"));
        }
    }

    private static String owner(Path p) throws IOException {
        return Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + " "
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** notify-* directories of root's batons, where 0.1.0 put them and where they are now. */
    private static Set<Path> notifyDirectories() throws IOException {
        Set<Path> all = new HashSet<>();
        for (Path dir : List.of(ROOT_RUNTIME, ROOT_RUNTIME.resolve("notify"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.getFileName().toString().startsWith("notify-")).forEach(all::add);
                }
            }
        }
        return all;
    }
}
