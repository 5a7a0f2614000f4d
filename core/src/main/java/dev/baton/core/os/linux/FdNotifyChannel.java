package dev.baton.core.os.linux;

import dev.baton.core.os.NotifyChannel;
import jnr.ffi.Pointer;

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
final class FdNotifyChannel implements NotifyChannel {
    private static final int BUFFER = 4096;
    private static final int CONTROL = 64;

    private final Path dir;
    private final Path path;
    private final int fd;
    private final Pointer msghdr;
    private final Pointer iov;
    private final Pointer buffer;
    private final Pointer control;

    private FdNotifyChannel(Path dir, Path path, int fd) {
        this.dir = dir;
        this.path = path;
        this.fd = fd;
        buffer = Native.allocate(BUFFER);
        control = Native.allocate(CONTROL);
        iov = Native.allocate(16);
        msghdr = Native.allocate(56);
    }

    /**
     * Makes {@code runtime/notify/notify-XXXX/notify.sock}; the socket belongs to {@code uid} when
     * the child runs as another user.
     */
    static FdNotifyChannel open(Path runtime, OptionalInt uid) throws IOException {
        LibC c = Native.LIBC;
        Path base = runtime.resolve("notify");
        String mode = uid.isPresent() ? "rwx--x--x" : "rwx------";
        ensureOwnDirectory(base, mode);
        Path dir = Files.createTempDirectory(base, "notify-");
        Path path = dir.resolve("notify.sock");
        int fd = -1;
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
            fd = c.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("socket: errno " + Native.lastErrno());
            }
            byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
            Pointer addr = Native.allocate(110);
            addr.putShort(0, (short) LibC.AF_UNIX);
            addr.put(2, p, 0, p.length);
            if (c.bind(fd, addr, 2 + p.length + 1) != 0) {
                throw new IOException("bind " + path + ": errno " + Native.lastErrno());
            }
            c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_PASSCRED, new int[] {1}, 4);
            // 200 ms receive timeout: struct timeval {0 s, 200000 us}
            c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, new int[] {0, 0, 200_000, 0}, 16);
            // by path, but safe: the directory is baton's alone, so nothing else can be at that name
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            if (uid.isPresent()) {
                Files.setAttribute(path, "unix:uid", uid.getAsInt(), LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException | RuntimeException e) {
            if (fd >= 0) {
                c.close(fd);
            }
            deleteQuietly(dir, path);
            throw e instanceof IOException io ? io : new IOException(e.toString());
        }
        return new FdNotifyChannel(dir, path, fd);
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
        if (!attrs.isDirectory() || owner != Native.LIBC.geteuid() || (bits & 022) != 0) {
            throw new IOException("refusing " + base + ": not a directory of baton's own that only baton may write to");
        }
        if (!PosixFilePermissions.toString(Files.getPosixFilePermissions(base, LinkOption.NOFOLLOW_LINKS))
                .equals(mode)) {
            // baton's own directory (checked just above, without following links): nobody else can swap it
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString(mode));
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Optional<Datagram> receive(boolean wait) throws IOException {
        iov.putPointer(0, buffer);
        iov.putLong(8, BUFFER);
        msghdr.putPointer(0, null);
        msghdr.putInt(8, 0);
        msghdr.putPointer(16, iov);
        msghdr.putLong(24, 1);
        msghdr.putPointer(32, control);
        msghdr.putLong(40, CONTROL);
        msghdr.putInt(48, 0);
        long n = Native.LIBC.recvmsg(fd, msghdr, wait ? 0 : LibC.MSG_DONTWAIT);
        if (n < 0) {
            int errno = Native.lastErrno();
            if (errno == LibC.EAGAIN || errno == LibC.EINTR) {
                return Optional.empty();
            }
            throw new IOException("recvmsg: errno " + errno);
        }
        byte[] data = new byte[(int) n];
        buffer.get(0, data, 0, data.length);
        int pid = senderPid();
        int group = pid <= 0 ? -1 : Native.LIBC.getpgid(pid);
        return Optional.of(new Datagram(pid, group, new String(data, StandardCharsets.UTF_8)));
    }

    /** The pid from the SCM_CREDENTIALS control message, or -1 if there is none. */
    private int senderPid() {
        long controlLen = msghdr.getLong(40);
        long offset = 0;
        while (offset + 16 <= controlLen) {
            long len = control.getLong(offset);
            int level = control.getInt(offset + 8);
            int type = control.getInt(offset + 12);
            if (level == LibC.SOL_SOCKET && type == LibC.SCM_CREDENTIALS && len >= 28) {
                return control.getInt(offset + 16);
            }
            if (len < 16) {
                break;
            }
            offset += (len + 7) & ~7L;
        }
        return -1;
    }

    @Override
    public void close() {
        Native.LIBC.close(fd);
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
