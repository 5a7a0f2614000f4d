package dev.baton.core.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A pidfile directory that a user other than root (or baton's own uid) can change is refused at
 * load, so that {@code baton check} and a reload say so at once (issue 12). The real directories
 * are handed to another uid, so this needs root.
 */
class ConfigLoaderPidfileTest extends ConfigTestSupport {
    static final int OTHER = 12346;

    private Path directory(String name, int owner, String mode) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            fail("this test hands a directory to another uid: it needs root (run ./test.sh as root)");
        }
        Path d = Files.createDirectory(dir.resolve(name));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(mode));
        Files.setAttribute(d, "unix:uid", owner);
        return d;
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws Exception {
        Path run = directory("run", OTHER, "rwxr-xr-x");
        assertEquals(at(2, "pidfile: directory " + run + " is unsafe: it belongs to uid " + OTHER + ", who could "
                + "redirect baton's writes; expected a directory only root can write to, as systemd requires for "
                + "PIDFile= (e.g. /run)"), error("command: ./app\npidfile: " + run.resolve("app.pid") + "\n"));
    }

    @Test
    void aGroupWritableDirectoryIsRefused() throws Exception {
        Path run = directory("run", 0, "rwxrwxr-x");
        assertEquals(at(2, "pidfile: directory " + run + " is unsafe: its group may write to it (mode 0775); "
                + "expected a directory only root can write to, as systemd requires for PIDFile= (e.g. /run)"),
                error("command: ./app\npidfile: " + run.resolve("app.pid") + "\n"));
    }

    @Test
    void aSymlinkInADirectoryOfAnotherUserIsRefusedWhereverItPoints() throws Exception {
        Path safe = directory("safe", 0, "rwxr-xr-x");
        Path theirs = directory("theirs", OTHER, "rwxr-xr-x");
        Path link = Files.createSymbolicLink(theirs.resolve("run"), safe);
        assertEquals(at(2, "pidfile: directory " + theirs + " is unsafe: it belongs to uid " + OTHER + ", who could "
                + "redirect baton's writes; expected a directory only root can write to, as systemd requires for "
                + "PIDFile= (e.g. /run)"), error("command: ./app\npidfile: " + link.resolve("app.pid") + "\n"));
    }

    @Test
    void aNonRootBatonMayUseItsOwnDirectory() throws Exception {
        system.effectiveUid = OTHER;
        Path run = directory("run", OTHER, "rwxr-xr-x");
        assertEquals(run.resolve("app.pid"), load("command: ./app\npidfile: " + run.resolve("app.pid") + "\n")
                .pidfile().orElseThrow());
    }
}
