package dev.baton.core.os.linux;

import dev.baton.core.os.NotifyChannel;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A child's NOTIFY_SOCKET on real files and a real socket: who owns what (README, "Security"), and
 * datagrams with their sender's credentials. The child's other uid is one with no passwd entry, so
 * these need root.
 */
class FdNotifyChannelTest {
    static final int CHILD = 12347;

    @TempDir
    Path runtime;

    @BeforeEach
    void root() {
        if (Native.LIBC.geteuid() != 0) {
            fail("these tests hand a socket to another uid: they need root (run ./test.sh as root)");
        }
    }

    private static String owner(Path p) throws IOException {
        return Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + " "
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static void send(Path socket, String text) throws IOException {
        try (UnixDatagramChannel ch = UnixDatagramChannel.open()) {
            ch.send(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), new UnixSocketAddress(socket.toFile()));
        }
    }

    /** Field 5 of /proc/self/stat, after the parenthesised command name. */
    private static int ownProcessGroup() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
    }

    @Test
    void aChildOfAnotherUserGetsOnlyTheSocket() throws IOException {
        try (NotifyChannel ch = FdNotifyChannel.open(runtime, OptionalInt.of(CHILD))) {
            Path own = ch.path().getParent();
            assertEquals(runtime.resolve("notify"), own.getParent());
            assertTrue(own.getFileName().toString().startsWith("notify-"), own.toString());
            assertEquals("notify.sock", ch.path().getFileName().toString());
            assertEquals("0 rwx--x--x", owner(own.getParent()), "notify/ stays root's; the child may pass through");
            assertEquals("0 rwx--x--x", owner(own), "so does the child's own directory");
            assertEquals(CHILD + " rw-------", owner(ch.path()), "only the socket is the child's");
        }
    }

    @Test
    void aChildOfBatonsOwnUserGetsPrivateDirectories() throws IOException {
        try (NotifyChannel ch = FdNotifyChannel.open(runtime, OptionalInt.empty())) {
            assertEquals("0 rwx------", owner(ch.path().getParent().getParent()));
            assertEquals("0 rwx------", owner(ch.path().getParent()));
            assertEquals("0 rw-------", owner(ch.path()));
        }
    }

    @Test
    void closingRemovesTheSocketAndItsDirectory() throws IOException {
        NotifyChannel ch = FdNotifyChannel.open(runtime, OptionalInt.of(CHILD));
        Path own = ch.path().getParent();
        ch.close();
        assertFalse(Files.exists(own, LinkOption.NOFOLLOW_LINKS), own + " is gone");
        assertTrue(Files.isDirectory(runtime.resolve("notify")), "notify/ stays, for the next generation");
    }

    @Test
    void aDatagramCarriesItsSendersPidAndProcessGroup() throws IOException {
        try (NotifyChannel ch = FdNotifyChannel.open(runtime, OptionalInt.empty())) {
            assertEquals(Optional.empty(), ch.receive(false), "nothing sent yet");
            send(ch.path(), "READY=1\nSTATUS=up");
            Optional<NotifyChannel.Datagram> d = ch.receive(true);
            assertEquals(Optional.of(new NotifyChannel.Datagram((int) ProcessHandle.current().pid(), ownProcessGroup(),
                    "READY=1\nSTATUS=up")), d);
        }
    }

    @Test
    void aWaitingReceiveGivesUpAfterAboutTwoHundredMilliseconds() throws IOException {
        try (NotifyChannel ch = FdNotifyChannel.open(runtime, OptionalInt.empty())) {
            long start = System.nanoTime();
            assertEquals(Optional.empty(), ch.receive(true));
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs >= 150 && tookMs < 2000, "returned after " + tookMs + "ms");
        }
    }

    @Test
    void aNotifyDirectoryOthersMayWriteToIsRefused() throws IOException {
        Path base = Files.createDirectory(runtime.resolve("notify"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> FdNotifyChannel.open(runtime, OptionalInt.of(CHILD)));
        assertEquals("refusing " + base + ": not a directory of baton's own that only baton may write to",
                e.getMessage());
        try (var left = Files.list(base)) {
            assertEquals(0, left.count(), "nothing made in it");
        }
    }

    @Test
    void aNotifyDirectoryOfAnotherUserOrASymlinkIsRefused() throws IOException {
        Path base = Files.createDirectory(runtime.resolve("notify"));
        Files.setAttribute(base, "unix:uid", CHILD, LinkOption.NOFOLLOW_LINKS);
        assertThrows(IOException.class, () -> FdNotifyChannel.open(runtime, OptionalInt.of(CHILD)));
        Files.delete(base);
        Path elsewhere = Files.createDirectory(runtime.resolve("elsewhere"));
        Files.createSymbolicLink(base, elsewhere);
        IOException e = assertThrows(IOException.class, () -> FdNotifyChannel.open(runtime, OptionalInt.of(CHILD)));
        assertEquals("refusing " + base + ": not a directory of baton's own that only baton may write to",
                e.getMessage());
        try (var left = Files.list(elsewhere)) {
            assertEquals(0, left.count(), "nothing made through the link");
        }
    }
}
