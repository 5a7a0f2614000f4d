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
public record FileStatus(int type, int permissions, int uid, int nlink) {
    private static final int STATX_TYPE_MODE_NLINK_UID = 0x1 | 0x2 | 0x4 | 0x8;
    private static final int STATX_SIZE = 256;
    private static final int STX_NLINK = 16;
    private static final int STX_UID = 20;
    private static final int STX_MODE = 28;

    static final int S_IFMT = 0170000;
    static final int S_IFDIR = 0040000;
    static final int S_IFLNK = 0120000;
    static final int S_IFSOCK = 0140000;
    static final int S_IFREG = 0100000;
    static final int S_IFIFO = 0010000;

    /** The status of {@code path} itself; empty if nothing is there. */
    public static Optional<FileStatus> of(Path path) throws IOException {
        Pointer buf = Native.allocate(STATX_SIZE);
        if (Native.LIBC.statx(LibC.AT_FDCWD, path.toString(), LibC.AT_SYMLINK_NOFOLLOW, STATX_TYPE_MODE_NLINK_UID,
                buf) != 0) {
            int errno = Native.lastErrno();
            if (errno == LibC.ENOENT || errno == LibC.ENOTDIR /* a parent is not a directory */) {
                return Optional.empty();
            }
            throw new IOException(path + ": " + Native.strerror(errno));
        }
        return Optional.of(from(buf));
    }

    /**
     * The status of the file open at {@code fd}: an O_PATH fd included, and the symlink itself if
     * that fd was opened O_PATH|O_NOFOLLOW on one.
     */
    static FileStatus ofFd(int fd, Path name) throws IOException {
        Pointer buf = Native.allocate(STATX_SIZE);
        if (Native.LIBC.statx(fd, "", LibC.AT_EMPTY_PATH | LibC.AT_SYMLINK_NOFOLLOW, STATX_TYPE_MODE_NLINK_UID,
                buf) != 0) {
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
        return new FileStatus(mode & S_IFMT, mode & 07777, buf.getInt(STX_UID), buf.getInt(STX_NLINK));
    }

    public boolean isDirectory() {
        return type == S_IFDIR;
    }

    public boolean isSocket() {
        return type == S_IFSOCK;
    }

    public boolean isSymlink() {
        return type == S_IFLNK;
    }

    public boolean isRegularFile() {
        return type == S_IFREG;
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
