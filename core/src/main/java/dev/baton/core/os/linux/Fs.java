package dev.baton.core.os.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;

/**
 * The file primitives baton uses where root handles paths that other users may touch: they take
 * an fd and a single name, never a whole path that could be re-resolved between two calls. Errors
 * become the matching {@link FileSystemException}, naming what baton was doing.
 */
final class Fs {
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;
    /** O_DIRECTORY and O_NOFOLLOW are the two open flags whose values differ on arm64. */
    static final int O_DIRECTORY;
    static final int O_NOFOLLOW;

    static {
        boolean arm64 = System.getProperty("os.arch", "").matches("aarch64|arm.*");
        O_DIRECTORY = arm64 ? 040000 : 0200000;
        O_NOFOLLOW = arm64 ? 0100000 : 0400000;
    }

    private static final LibC C = Native.LIBC;

    private Fs() {
    }

    static int openat(int dirfd, String name, int flags, int mode, String what) throws IOException {
        int fd = C.openat(dirfd, name, flags | O_CLOEXEC, mode);
        if (fd < 0) {
            throw error("open", what);
        }
        return fd;
    }

    /** The target of the symlink that the O_PATH|O_NOFOLLOW fd {@code link} refers to. */
    static String readlink(int link, String what) throws IOException {
        byte[] buf = new byte[4096];
        long n = C.readlinkat(link, "", buf, buf.length);
        if (n < 0) {
            throw error("readlink", what);
        }
        if (n == buf.length) {
            throw new FileSystemException(what, null, "symlink target too long");
        }
        return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
    }

    static void writeAll(int fd, byte[] data, String what) throws IOException {
        int done = 0;
        while (done < data.length) {
            byte[] rest = done == 0 ? data : Arrays.copyOfRange(data, done, data.length);
            long n = C.write(fd, rest, rest.length);
            if (n < 0) {
                if (Native.lastErrno() == LibC.EINTR) {
                    continue;
                }
                throw error("write", what);
            }
            done += (int) n;
        }
    }

    /** Up to {@code max} bytes from the start of {@code fd}. */
    static byte[] readSome(int fd, int max, String what) throws IOException {
        byte[] buf = new byte[max];
        int done = 0;
        while (done < max) {
            byte[] chunk = new byte[max - done];
            long n = C.read(fd, chunk, chunk.length);
            if (n < 0) {
                if (Native.lastErrno() == LibC.EINTR) {
                    continue;
                }
                throw error("read", what);
            }
            if (n == 0) {
                break;
            }
            System.arraycopy(chunk, 0, buf, done, (int) n);
            done += (int) n;
        }
        return Arrays.copyOf(buf, done);
    }

    static void check(int rc, String call, String what) throws IOException {
        if (rc != 0) {
            throw error(call, what);
        }
    }

    static void closeQuietly(int fd) {
        if (fd >= 0) {
            C.close(fd);
        }
    }

    /** The errno of the call that just failed, as the exception the JDK would throw for it. */
    static FileSystemException error(String call, String what) {
        int errno = Native.lastErrno();
        String reason = call + ": " + Native.strerror(errno);
        return switch (errno) {
            case LibC.ENOENT -> new NoSuchFileException(what, null, reason);
            case LibC.EEXIST -> new FileAlreadyExistsException(what, null, reason);
            case LibC.EPERM, 13 /* EACCES */ -> new AccessDeniedException(what, null, reason);
            default -> new FileSystemException(what, null, reason);
        };
    }
}
