package dev.baton.core.os.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Small files baton owns in a directory it trusts (the pidfile): each one written through one fd
 * and renamed into place, so a reader sees the old content or the new, never a part, and a crash
 * leaves one of the two.
 *
 * <p>Every operation first opens the directory with {@link TrustedDirectory} and then works only
 * through that fd: a temp file made with O_CREAT|O_EXCL|O_NOFOLLOW (no name another user planted
 * is ever opened; its random name only avoids collisions), written, fchmod'ed and fsync'ed through its fd, renamed with renameat, and the
 * directory fsync'ed so that the rename survives a crash.
 */
final class SmallFiles {
    private static final int MAX_READ = 4096;

    private SmallFiles() {
    }

    static void replace(Path path, byte[] content, int mode, int euid) throws IOException {
        String name = name(path);
        int dir = TrustedDirectory.open(parent(path), euid);
        try {
            String tmp = null;
            int fd = -1;
            for (int attempt = 0; fd < 0; attempt++) {
                tmp = "." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
                try {
                    fd = Fs.openat(dir, tmp, Fs.O_WRONLY | Fs.O_CREAT | Fs.O_EXCL | Fs.O_NOFOLLOW, 0600,
                            path.toString());
                } catch (FileAlreadyExistsException e) {
                    if (attempt >= 8) {
                        throw e;
                    }
                }
            }
            try {
                Fs.writeAll(fd, content, path.toString());
                Fs.check(Native.LIBC.fchmod(fd, mode), "fchmod", path.toString());
                Fs.check(Native.LIBC.fsync(fd), "fsync", path.toString());
            } catch (IOException e) {
                Native.LIBC.unlinkat(dir, tmp, 0);
                throw e;
            } finally {
                Fs.closeQuietly(fd);
            }
            if (Native.LIBC.renameat(dir, tmp, dir, name) != 0) {
                FileSystemException e = Fs.error("rename", path.toString());
                Native.LIBC.unlinkat(dir, tmp, 0);
                throw e;
            }
            Fs.check(Native.LIBC.fsync(dir), "fsync of the directory", parent(path).toString());
        } finally {
            Fs.closeQuietly(dir);
        }
    }

    /** The content of the regular file at {@code path}; empty if there is none, or it can't be read safely. */
    static Optional<String> read(Path path, int euid) {
        int dir = -1;
        try {
            dir = TrustedDirectory.open(parent(path), euid);
            return Optional.of(readIn(dir, path));
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            Fs.closeQuietly(dir);
        }
    }

    /** Removes the regular file at {@code path} if its content passes {@code test}; true if it did. */
    static boolean removeIf(Path path, Predicate<String> test, int euid) {
        int dir = -1;
        try {
            dir = TrustedDirectory.open(parent(path), euid);
            return test.test(readIn(dir, path)) && Native.LIBC.unlinkat(dir, name(path), 0) == 0;
        } catch (IOException e) {
            return false;
        } finally {
            Fs.closeQuietly(dir);
        }
    }

    /** O_NONBLOCK: a FIFO planted under the name must not hang baton. */
    private static String readIn(int dir, Path path) throws IOException {
        int fd = Fs.openat(dir, name(path), Fs.O_RDONLY | Fs.O_NOFOLLOW | Fs.O_NONBLOCK, 0, path.toString());
        try {
            if (!FileStatus.ofFd(fd, path).isRegularFile()) {
                throw new FileSystemException(path.toString(), null, "not a regular file");
            }
            return new String(Fs.readSome(fd, MAX_READ, path.toString()), StandardCharsets.UTF_8);
        } finally {
            Fs.closeQuietly(fd);
        }
    }

    private static Path parent(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        return parent == null ? Path.of("/") : parent;
    }

    private static String name(Path path) {
        return path.getFileName().toString();
    }
}
