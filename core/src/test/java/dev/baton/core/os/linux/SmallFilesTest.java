package dev.baton.core.os.linux;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The pidfile's writes on real files: {@link SmallFiles} through {@link TrustedDirectory}. Other
 * users are played by chown'ing directories to a uid with no passwd entry, so these need root.
 */
class SmallFilesTest {
    static final int OTHER = 12346;

    @TempDir
    Path tmp;
    int euid;

    @BeforeEach
    void root() {
        euid = Native.LIBC.geteuid();
        if (euid != 0) {
            fail("these tests hand directories to another uid: they need root (run ./test.sh as root)");
        }
    }

    @Test
    void writesTheContentWithTheModeWhateverTheUmask() throws IOException {
        Path file = tmp.resolve("baton.pid");
        int saved = Native.LIBC.umask(077);
        try {
            SmallFiles.replace(file, "4242\n".getBytes(), 0644, euid);
        } finally {
            Native.LIBC.umask(saved);
        }
        assertEquals("4242\n", Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(1, count(tmp), "no temp file left");
    }

    @Test
    void replacesASymlinkAtTheNameInsteadOfFollowingIt() throws IOException {
        Path target = Files.writeString(tmp.resolve("shadow"), "precious\n");
        Path file = Files.createSymbolicLink(tmp.resolve("baton.pid"), target);
        SmallFiles.replace(file, "4242\n".getBytes(), 0644, euid);
        assertTrue(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS));
        assertEquals("precious\n", Files.readString(target));
    }

    @Test
    void refusesADirectoryThatBelongsToAnotherUser() throws IOException {
        Path dir = dir("app-run", OTHER, "rwxr-xr-x");
        IOException e = assertThrows(TrustedDirectory.UntrustedDirectoryException.class,
                () -> SmallFiles.replace(dir.resolve("baton.pid"), "1\n".getBytes(), 0644, euid));
        assertEquals("refusing " + dir + ": it belongs to uid " + OTHER + ", who could redirect baton's writes",
                e.getMessage());
        assertEquals(0, count(dir));
    }

    @Test
    void refusesAGroupWritableDirectory() throws IOException {
        Path dir = dir("shared", 0, "rwxrwxr-x");
        IOException e = assertThrows(TrustedDirectory.UntrustedDirectoryException.class,
                () -> SmallFiles.replace(dir.resolve("baton.pid"), "1\n".getBytes(), 0644, euid));
        assertEquals("refusing " + dir + ": its group may write to it (mode 0775)", e.getMessage());
    }

    @Test
    void refusesAPathThroughADirectoryAnotherUserOwnsEvenWhenItLeadsSomewhereSafe() throws IOException {
        Path safe = dir("safe", 0, "rwxr-xr-x");
        Path theirs = dir("theirs", OTHER, "rwxr-xr-x");
        Path link = Files.createSymbolicLink(theirs.resolve("run"), safe);
        assertThrows(TrustedDirectory.UntrustedDirectoryException.class,
                () -> SmallFiles.replace(link.resolve("baton.pid"), "1\n".getBytes(), 0644, euid));
        assertEquals(0, count(safe));
    }

    @Test
    void followsASymlinkThatOnlyRootCouldHaveMade() throws IOException {
        Path safe = dir("safe", 0, "rwxr-xr-x");
        Path link = Files.createSymbolicLink(tmp.resolve("var-run"), Path.of("safe"));
        SmallFiles.replace(link.resolve("baton.pid"), "7\n".getBytes(), 0644, euid);
        assertEquals("7\n", Files.readString(safe.resolve("baton.pid")));
    }

    @Test
    void acceptsAStickyDirectoryThatAnyoneMayWriteTo() throws IOException {
        Path sticky = dir("tmp", 0, "rwxrwxrwx");
        chmod(sticky, "1777");
        SmallFiles.replace(sticky.resolve("baton.pid"), "9\n".getBytes(), 0644, euid);
        assertEquals(Optional.of("9\n"), SmallFiles.read(sticky.resolve("baton.pid"), euid));
    }

    @Test
    @Timeout(10)
    void aFifoAtTheNameIsNotReadAndDoesNotHang() throws Exception {
        Path fifo = tmp.resolve("baton.pid");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertEquals(Optional.empty(), SmallFiles.read(fifo, euid));
        assertFalse(SmallFiles.removeIf(fifo, content -> true, euid));
        assertTrue(Files.exists(fifo));
    }

    @Test
    void removesOnlyWhatStillNamesUs() throws IOException {
        Path file = tmp.resolve("baton.pid");
        SmallFiles.replace(file, "4242\n".getBytes(), 0644, euid);
        assertFalse(SmallFiles.removeIf(file, c -> c.trim().equals("31337"), euid));
        assertTrue(Files.exists(file));
        assertTrue(SmallFiles.removeIf(file, c -> c.trim().equals("4242"), euid));
        assertFalse(Files.exists(file));
    }

    private Path dir(String name, int owner, String mode) throws IOException {
        Path d = Files.createDirectory(tmp.resolve(name));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString(mode));
        Files.setAttribute(d, "unix:uid", owner);
        return d;
    }

    private static void chmod(Path p, String octal) {
        try {
            assertEquals(0, new ProcessBuilder("chmod", octal, p.toString()).start().waitFor());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static long count(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }
}
