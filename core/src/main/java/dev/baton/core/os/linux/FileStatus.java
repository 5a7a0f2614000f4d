package dev.baton.core.os.linux;

import jnr.ffi.Pointer;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What statx(2) says of one file: its type, permission bits and owner. A symlink is never
 * followed: a path that names a symlink gives the link's own status. statx rather than stat,
 * because its struct has the same layout on every architecture.
 */
public record FileStatus(int type, int permissions, int uid) {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_TYPE_MODE_UID = 0x1 | 0x2 | 0x8;
    private static final int STATX_SIZE = 256;
    private static final int STX_UID = 20;
    private static final int STX_MODE = 28;

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFIFO = 0010000;

    /** The status of {@code path} itself; empty if nothing is there. */
    public static Optional<FileStatus> of(Path path) throws IOException {
        Pointer buf = Native.allocate(STATX_SIZE);
        if (Native.LIBC.statx(AT_FDCWD, path.toString(), AT_SYMLINK_NOFOLLOW, STATX_TYPE_MODE_UID, buf) != 0) {
            int errno = Native.lastErrno();
            if (errno == LibC.ENOENT || errno == LibC.ENOTDIR /* a parent is not a directory */) {
                return Optional.empty();
            }
            throw new IOException(path + ": " + Native.strerror(errno));
        }
        return Optional.of(from(buf));
    }

    /** The status of the file open at {@code fd}. */
    static FileStatus ofFd(int fd, Path name) throws IOException {
        Pointer buf = Native.allocate(STATX_SIZE);
        if (Native.LIBC.statx(fd, "", AT_EMPTY_PATH, STATX_TYPE_MODE_UID, buf) != 0) {
            int errno = Native.lastErrno();
            if (errno == LibC.ENOENT) {
                throw new NoSuchFileException(name.toString());
            }
            throw new IOException(name + ": " + Native.strerror(errno));
        }
        return from(buf);
    }

    private static FileStatus from(Pointer buf) {
        int mode = buf.getShort(STX_MODE) & 0xffff;
        return new FileStatus(mode & S_IFMT, mode & 07777, buf.getInt(STX_UID));
    }

    public boolean isDirectory() {
        return type == S_IFDIR;
    }

    public boolean isSocket() {
        return type == S_IFSOCK;
    }

    /** Group or others may write to it. */
    public boolean writableByOthers() {
        return (permissions & 022) != 0;
    }

    /** "a directory", "a symbolic link", ... for messages. */
    public String kind() {
        return switch (type) {
            case S_IFDIR -> "a directory";
            case S_IFLNK -> "a symbolic link";
            case S_IFSOCK -> "a socket";
            case S_IFREG -> "a file";
            case S_IFIFO -> "a FIFO";
            default -> "a special file";
        };
    }

    /** The permission bits as four octal digits, e.g. {@code 0700}. */
    public String mode() {
        return String.format("%04o", permissions);
    }
}
