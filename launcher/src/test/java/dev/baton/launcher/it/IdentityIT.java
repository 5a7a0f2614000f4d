package dev.baton.launcher.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code user:} and {@code group:} with baton as root: the ids and groups the child really runs with. */
class IdentityIT extends ItBase {
    /** A uid that has no passwd entry here. */
    static final String BARE_UID = "12345";

    @BeforeEach
    void asRoot() {
        if (!"0".equals(run("id", "-u"))) {
            fail("IdentityIT switches users: run it as root");
        }
        if (!run("getent", "passwd", BARE_UID).isEmpty()) {
            fail("IdentityIT needs uid " + BARE_UID + " to have no passwd entry, but it has one");
        }
    }

    /** setpriv's --init-groups needs a passwd entry; a bare uid gets --clear-groups and its own number as gid. */
    @Test
    void aBareUidWithoutAPasswdEntryRunsWithNoSupplementaryGroups() {
        Map<String, String> status = childStatus("user: \"" + BARE_UID + "\"\n");
        assertEquals("12345 12345 12345 12345", status.get("Uid"));
        assertEquals("12345 12345 12345 12345", status.get("Gid"));
        assertEquals("", status.get("Groups"));
    }

    @Test
    void aBareUidWithAGroupRunsInThatGroupOnly() {
        Map<String, String> status = childStatus("user: \"" + BARE_UID + "\"\ngroup: \"4321\"\n");
        assertEquals("12345 12345 12345 12345", status.get("Uid"));
        assertEquals("4321 4321 4321 4321", status.get("Gid"));
        assertEquals("", status.get("Groups"));
    }

    /** A user with a passwd entry keeps its primary group and gets its supplementary groups. */
    @Test
    void aUserWithAPasswdEntryGetsItsGroups() {
        String uid = run("id", "-u", "nobody");
        String gid = run("id", "-g", "nobody");
        Map<String, String> status = childStatus("user: nobody\n");
        assertEquals(String.join(" ", uid, uid, uid, uid), status.get("Uid"));
        assertEquals(String.join(" ", gid, gid, gid, gid), status.get("Gid"));
        assertEquals(run("id", "-G", "nobody"), status.get("Groups"));
    }

    /** Used to be a NumberFormatException with its stack trace, exit 70. */
    @Test
    void aUidTooLargeIsAOneLineConfigError() {
        for (String key : new String[] {"user", "group"}) {
            Path cfg = write("app.yaml", "command: [sleep, \"1000\"]\n" + key + ": \"99999999999\"\n");
            Baton b = Baton.start(dir, env(), "check", "-c", cfg.toString());
            batons.add(b);
            assertEquals(78, b.awaitExit(Duration.ofSeconds(20)), b.log());
            String what = key.equals("user") ? "uid" : "gid";
            assertEquals("baton: " + cfg + ":2: " + key + ": \"99999999999\" is out of range for a " + what
                    + " (0 to 2147483647); expected an existing " + key + " name or a " + what + "\n", b.log());
        }
    }

    /**
     * A baton that isn't root may name its own user: nothing to switch. It used to run setpriv
     * --init-groups anyway, which fails without root ("initgroups failed: Operation not permitted").
     */
    @Test
    void withoutRootBatonsOwnUserIsNoSwitch() throws IOException {
        Path open = Files.createTempDirectory("baton-identity-");
        try {
            Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Path cfg = Files.writeString(open.resolve("app.yaml"), "command: [sleep, \"1000\"]\nworkdir: /\n"
                    + "user: nobody\nupgrade: {mode: inplace}\nhealthcheck: {alive: {duration: 100ms}}\n");
            String uid = run("id", "-u", "nobody");
            String gid = run("id", "-g", "nobody");
            // nobody's own runtime directory, removed with the rest
            Path runtime = Files.createDirectory(open.resolve("runtime"),
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            Files.setOwner(runtime, runtime.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            Baton baton = Baton.startVia(dir, env(), "setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                    "--", "env", "XDG_RUNTIME_DIR=" + runtime, "HOME=" + open, Baton.bin().toString(),
                    "run", "-c", cfg.toString());
            batons.add(baton);
            baton.awaitReady();
            long child = baton.childPid(1);
            Await.until("the child to exec sleep", Duration.ofSeconds(10), () -> Procs.cmdline(child).endsWith("sleep 1000"));
            assertEquals(String.join(" ", uid, uid, uid, uid), status(child).get("Uid"));
            baton.signal("TERM");
            assertEquals(128 + 15, baton.awaitExit(Duration.ofSeconds(15)), "exits as its child did, by SIGTERM");
        } finally {
            try (var files = Files.walk(open)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Starts baton on a config that runs `sleep`, waits until it runs, returns its /proc status fields. */
    private Map<String, String> childStatus(String identity) {
        Path cfg = write("app.yaml", "command: [sleep, \"1000\"]\nworkdir: /\nupgrade: {mode: inplace}\n"
                + "healthcheck: {alive: {duration: 100ms}}\n" + identity);
        Baton baton = run(cfg);
        baton.awaitReady();
        long child = baton.childPid(1);
        Await.until("the child to exec sleep", Duration.ofSeconds(10), () -> Procs.cmdline(child).endsWith("sleep 1000"));
        return status(child);
    }

    private static Map<String, String> status(long pid) {
        Map<String, String> fields = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                int colon = line.indexOf(':');
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim().replaceAll("\\s+", " "));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return fields;
    }

    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
