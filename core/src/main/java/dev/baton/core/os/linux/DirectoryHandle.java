package dev.baton.core.os.linux;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A directory opened without following a symlink (O_DIRECTORY|O_NOFOLLOW), so that its owner and
 * mode are read, and its mode set, through the fd: nothing can swap another directory in between
 * the check and the chmod. O_DIRECTORY also means a FIFO put in its place is refused, never opened
 * (which would block). For baton's runtime directories (core/control's {@code RuntimeDirectory}).
 */
public final class DirectoryHandle implements AutoCloseable {
    private final Path path;
    private final int fd;

    private DirectoryHandle(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Opens {@code dir}; an IOException says why not (it is a symlink, not a directory, missing, ...). */
    public static DirectoryHandle open(Path dir) throws IOException {
        int fd = Native.LIBC.open(dir.toString(), Fs.O_DIRECTORY | Fs.O_NOFOLLOW | Fs.O_CLOEXEC);
        if (fd < 0) {
            int errno = Native.lastErrno();
            throw switch (errno) {
                case LibC.ENOENT -> new NoSuchFileException(dir.toString());
                case LibC.ELOOP, LibC.ENOTDIR -> new IOException(dir + " is "
                        + FileStatus.of(dir).map(FileStatus::kind).orElse("not a directory"));
                default -> new IOException(dir + ": " + Native.strerror(errno));
            };
        }
        return new DirectoryHandle(dir, fd);
    }

    public Path path() {
        return path;
    }

    public FileStatus status() throws IOException {
        return FileStatus.ofFd(fd, path);
    }

    /** fchmod(2): sets the permission bits of this very directory. */
    public void setPermissions(int mode) throws IOException {
        if (Native.LIBC.fchmod(fd, mode) != 0) {
            throw new IOException("cannot set the mode of " + path + ": " + Native.strerror(Native.lastErrno()));
        }
    }

    @Override
    public void close() {
        Native.LIBC.close(fd);
    }
}
