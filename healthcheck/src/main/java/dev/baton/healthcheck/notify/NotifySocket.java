package dev.baton.healthcheck.notify;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A child's private NOTIFY_SOCKET: a unix datagram socket {@code notify.sock} in a directory of its
 * own below baton's runtime directory, receiving with SO_PASSCRED so every datagram carries its
 * sender's pid. Receives block for at most 200 ms, so an interrupted check notices.
 *
 * <p>Who may touch what: the directories stay baton's ({@code notify/} and {@code notify-XXXX/}:
 * 0711 when the child runs as another user, so it can pass through but not list or change them;
 * 0700 otherwise). Only the socket itself is handed to the child's uid, 0600: no other user can
 * put anything at that name, so the chown of it can't be redirected.
 */
final class NotifySocket implements AutoCloseable {
    private static final NotifyLibC C = LibraryLoader.create(NotifyLibC.class).load("c");
    private static final Runtime R = Runtime.getRuntime(C);
    private static final int BUFFER = 4096;
    private static final int CONTROL = 64;

    /** One datagram and the pid that sent it. */
    record Datagram(int senderPid, String text) {
    }

    private final Path dir;
    private final Path path;
    private final int fd;
    private final Pointer msghdr;
    private final Pointer iov;
    private final Pointer buffer;
    private final Pointer control;

    private NotifySocket(Path dir, Path path, int fd) {
        this.dir = dir;
        this.path = path;
        this.fd = fd;
        buffer = Memory.allocateDirect(R, BUFFER, true);
        control = Memory.allocateDirect(R, CONTROL, true);
        iov = Memory.allocateDirect(R, 16, true);
        msghdr = Memory.allocateDirect(R, 56, true);
    }

    /**
     * Makes {@code runtime/notify/notify-XXXX/notify.sock}; the socket belongs to {@code uid} when
     * the child runs as another user.
     */
    static NotifySocket open(Path runtime, OptionalInt uid) throws IOException {
        Path base = runtime.resolve("notify");
        String mode = uid.isPresent() ? "rwx--x--x" : "rwx------";
        ensureOwnDirectory(base, mode);
        Path dir = Files.createTempDirectory(base, "notify-");
        Path path = dir.resolve("notify.sock");
        int fd = -1;
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
            fd = C.socket(NotifyLibC.AF_UNIX, NotifyLibC.SOCK_DGRAM | NotifyLibC.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("socket: errno " + R.getLastError());
            }
            byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
            Pointer addr = Memory.allocateDirect(R, 110, true);
            addr.putShort(0, (short) NotifyLibC.AF_UNIX);
            addr.put(2, p, 0, p.length);
            if (C.bind(fd, addr, 2 + p.length + 1) != 0) {
                throw new IOException("bind " + path + ": errno " + R.getLastError());
            }
            C.setsockopt(fd, NotifyLibC.SOL_SOCKET, NotifyLibC.SO_PASSCRED, new int[] {1}, 4);
            // 200 ms receive timeout: struct timeval {0 s, 200000 us}
            C.setsockopt(fd, NotifyLibC.SOL_SOCKET, NotifyLibC.SO_RCVTIMEO, new int[] {0, 0, 200_000, 0}, 16);
            // by path, but safe: the directory is baton's alone, so nothing else can be at that name
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            if (uid.isPresent()) {
                Files.setAttribute(path, "unix:uid", uid.getAsInt(), LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | RuntimeException e) {
            if (fd >= 0) {
                C.close(fd);
            }
            deleteQuietly(dir, path);
            throw e instanceof IOException io ? io : new IOException(e.toString());
        }
        return new NotifySocket(dir, path, fd);
    }

    /**
     * {@code base} exists as a directory of baton's own uid that nobody else may write to (no
     * symlink), with {@code mode}; made so if it is missing.
     */
    private static void ensureOwnDirectory(Path base, String mode) throws IOException {
        try {
            Files.createDirectory(base);
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        BasicFileAttributes attrs = Files.readAttributes(base, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int owner = (Integer) Files.getAttribute(base, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int bits = (Integer) Files.getAttribute(base, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isDirectory() || owner != C.geteuid() || (bits & 022) != 0) {
            throw new IOException("refusing " + base + ": not a directory of baton's own that only baton may write to");
        }
        if (!PosixFilePermissions.toString(Files.getPosixFilePermissions(base, LinkOption.NOFOLLOW_LINKS))
                .equals(mode)) {
            // baton's own directory (checked just above, without following links): nobody else can swap it
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString(mode));
        }
    }

    Path path() {
        return path;
    }

    /** The next datagram, or empty after 200 ms without one (at once if {@code wait} is false). */
    Optional<Datagram> receive(boolean wait) throws IOException {
        iov.putPointer(0, buffer);
        iov.putLong(8, BUFFER);
        msghdr.putPointer(0, null);
        msghdr.putInt(8, 0);
        msghdr.putPointer(16, iov);
        msghdr.putLong(24, 1);
        msghdr.putPointer(32, control);
        msghdr.putLong(40, CONTROL);
        msghdr.putInt(48, 0);
        long n = C.recvmsg(fd, msghdr, wait ? 0 : NotifyLibC.MSG_DONTWAIT);
        if (n < 0) {
            int errno = R.getLastError();
            if (errno == NotifyLibC.EAGAIN || errno == NotifyLibC.EINTR) {
                return Optional.empty();
            }
            throw new IOException("recvmsg: errno " + errno);
        }
        byte[] data = new byte[(int) n];
        buffer.get(0, data, 0, data.length);
        return Optional.of(new Datagram(senderPid(), new String(data, StandardCharsets.UTF_8)));
    }

    /** The pid from the SCM_CREDENTIALS control message, or -1 if there is none. */
    private int senderPid() {
        long controlLen = msghdr.getLong(40);
        long offset = 0;
        while (offset + 16 <= controlLen) {
            long len = control.getLong(offset);
            int level = control.getInt(offset + 8);
            int type = control.getInt(offset + 12);
            if (level == NotifyLibC.SOL_SOCKET && type == NotifyLibC.SCM_CREDENTIALS && len >= 28) {
                return control.getInt(offset + 16);
            }
            if (len < 16) {
                break;
            }
            offset += (len + 7) & ~7L;
        }
        return -1;
    }

    static int processGroupOf(int pid) {
        return C.getpgid(pid);
    }

    @Override
    public void close() {
        C.close(fd);
        deleteQuietly(dir, path);
    }

    private static void deleteQuietly(Path dir, Path path) {
        try {
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover file in baton's runtime directory; harmless
        }
    }
}
