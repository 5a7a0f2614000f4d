package dev.baton.core.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The runtime directory's rules on real directories, in a temporary stand-in for /run/baton and
 * /tmp. Directories of other uids are made with chown, which needs root.
 */
class RuntimeDirectoryTest {
    static final int USER = 12345;
    static final int OTHER = 12346;

    @TempDir
    Path tmp;

    Path root() {
        return tmp.resolve("run-baton");
    }

    @Test
    void rootsDirectoryIsMadeRootOwned0711() throws IOException {
        requireRoot();
        assertEquals(root(), RuntimeDirectory.prepare(0, Map.of(), root(), tmp));
        assertEquals("rwx--x--x", mode(root()));
        assertEquals(0, uid(root()));
    }

    @Test
    void anExisting0700RootDirectoryBecomes0711() throws IOException {
        requireRoot();
        Files.createDirectory(root());
        chmod(root(), "rwx------");
        RuntimeDirectory.prepare(0, Map.of(), root(), tmp);
        assertEquals("rwx--x--x", mode(root()));
    }

    @Test
    void aRootDirectoryOthersMayWriteToIsRefusedAndLeftAsItIs() throws IOException {
        Files.createDirectory(root());
        chmod(root(), "rwxrwxrwx");
        IOException e = assertThrows(IOException.class, () -> RuntimeDirectory.prepare(0, Map.of(), root(), tmp));
        assertEquals(root() + " may be written to by group or others (mode 0777); it must be root-owned, mode 0711",
                e.getMessage());
        assertEquals("rwxrwxrwx", mode(root()));
    }

    @Test
    void aRootDirectoryOfAnotherUidIsRefused() throws IOException {
        requireRoot();
        Files.createDirectory(root());
        chown(root(), OTHER);
        IOException e = assertThrows(IOException.class, () -> RuntimeDirectory.prepare(0, Map.of(), root(), tmp));
        assertEquals(root() + " belongs to uid " + OTHER + "; it must be root-owned, mode 0711", e.getMessage());
    }

    @Test
    void aSymlinkInPlaceOfRootsDirectoryIsRefusedAndItsTargetLeftAlone() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("target"));
        chmod(target, "rwx------");
        Files.createSymbolicLink(root(), target);
        IOException e = assertThrows(IOException.class, () -> RuntimeDirectory.prepare(0, Map.of(), root(), tmp));
        assertEquals(root() + " is a symbolic link", e.getMessage());
        assertEquals("rwx------", mode(target), "no chmod through the link");
    }

    @Test
    void aFifoInPlaceOfRootsDirectoryIsRefusedWithoutBlocking() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", root().toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(IOException.class, () -> RuntimeDirectory.prepare(0, Map.of(), root(), tmp)));
        assertEquals(root() + " is a FIFO", e.getMessage());
    }

    @Test
    void anotherUsersTmpBatonUidIsPassedOverForAPrivateDirectoryOfTheUser() throws IOException {
        requireRoot();
        Path taken = Files.createDirectory(tmp.resolve("baton-" + USER));
        chown(taken, OTHER);
        Path loose = privateDir("baton-" + USER + "-1", USER);
        chmod(loose, "rwxr-xr-x"); // the user's, but not private: not used
        Path own = privateDir("baton-" + USER + "-2", USER);
        assertEquals(own, RuntimeDirectory.prepare(USER, Map.of(), root(), tmp));
        assertEquals(OTHER, uid(taken), "the squatter's directory is left alone");
        assertEquals("rwxr-xr-x", mode(loose));
    }

    @Test
    void clientsLookOnlyInRealDirectoriesOfTheUidThatNobodyElseMayWriteTo() throws IOException {
        requireRoot();
        Path xdg = privateDir("xdg", USER);
        Path inXdg = privateDir("xdg/baton", USER);
        Files.createDirectory(tmp.resolve("baton-" + USER));
        chown(tmp.resolve("baton-" + USER), OTHER);
        Path good = privateDir("baton-" + USER + "-b", USER);
        Path readable = privateDir("baton-" + USER + "-c", USER);
        chmod(readable, "rwxr-xr-x");
        Path writable = privateDir("baton-" + USER + "-d", USER);
        chmod(writable, "rwxrwxrwx");
        Files.createSymbolicLink(tmp.resolve("baton-" + USER + "-a"), good);
        privateDir("baton-" + USER + "-e", OTHER);
        Files.writeString(tmp.resolve("baton-" + USER + "-f"), "");
        chown(tmp.resolve("baton-" + USER + "-f"), USER);

        assertEquals(List.of(inXdg, good, readable),
                RuntimeDirectory.candidates(USER, Map.of("XDG_RUNTIME_DIR", xdg.toString()), root(), tmp));
        chmod(xdg, "rwxrwxrwx");
        assertFalse(RuntimeDirectory.candidates(USER, Map.of("XDG_RUNTIME_DIR", xdg.toString()), root(), tmp)
                .contains(inXdg), "XDG_RUNTIME_DIR that others may write to is not used");
    }

    Path privateDir(String name, int owner) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        chmod(dir, "rwx------");
        chown(dir, owner);
        return dir;
    }

    static void requireRoot() throws IOException {
        if ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") != 0) {
            fail("needs root to make directories of other uids (chown); run ./test.sh as root");
        }
    }

    static void chmod(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    static void chown(Path p, int uid) throws IOException {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    }

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    static int uid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }
}
