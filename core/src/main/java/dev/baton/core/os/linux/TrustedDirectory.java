package dev.baton.core.os.linux;

import dev.baton.core.os.DirectoryTrust;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Opens a directory so that nobody but root and baton can redirect what baton then does in it.
 *
 * <p>Why: a path is looked up anew at every call that takes one. If any directory on it belongs
 * to another user, that user can swap a name between two of baton's calls and make root write,
 * chmod or rename somewhere else. So the path is walked one name at a time from {@code /}
 * through O_PATH fds; every directory on the way must pass {@link DirectoryTrust}, and a symlink
 * is followed only when found in such a directory (so its target is what root or baton chose).
 * The fd returned is the directory itself: {@code *at} calls through it can't be redirected.
 */
final class TrustedDirectory {
    private static final int MAX_LINKS = 40;

    private TrustedDirectory() {
    }

    /**
     * An O_RDONLY|O_DIRECTORY fd of {@code dir}; the caller closes it.
     *
     * @throws UntrustedDirectoryException if a directory on the way fails {@link DirectoryTrust}
     */
    static int open(Path dir, int euid) throws IOException {
        Path shown = dir.toAbsolutePath();
        Deque<String> todo = new ArrayDeque<>();
        push(todo, shown.toString());
        int fd = Fs.openat(LibC.AT_FDCWD, "/", Fs.O_PATH | Fs.O_DIRECTORY, 0, "/");
        Path where = Path.of("/");
        int links = 0;
        try {
            trust(FileStatus.ofFd(fd, where), where, euid);
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (name.isEmpty() || name.equals(".")) {
                    continue;
                }
                Path next = name.equals("..") ? parentOf(where) : where.resolve(name);
                int child = Fs.openat(fd, name, Fs.O_PATH | Fs.O_NOFOLLOW, 0, next.toString());
                FileStatus st;
                try {
                    st = FileStatus.ofFd(child, next);
                    if (st.isSymlink()) {
                        if (++links > MAX_LINKS) {
                            throw new FileSystemException(shown.toString(), null, "too many levels of symlinks");
                        }
                        String target = Fs.readlink(child, next.toString());
                        push(todo, target);
                        if (target.startsWith("/")) {
                            Fs.closeQuietly(fd);
                            fd = -1;
                            fd = Fs.openat(LibC.AT_FDCWD, "/", Fs.O_PATH | Fs.O_DIRECTORY, 0, "/");
                            where = Path.of("/");
                        }
                        continue;
                    }
                    if (!st.isDirectory()) {
                        throw new FileSystemException(next.toString(), null, "not a directory");
                    }
                    trust(st, next, euid);
                } catch (IOException e) {
                    Fs.closeQuietly(child);
                    throw e;
                }
                Fs.closeQuietly(fd);
                fd = child;
                where = next;
            }
            return Fs.openat(fd, ".", Fs.O_RDONLY | Fs.O_DIRECTORY, 0, shown.toString());
        } finally {
            Fs.closeQuietly(fd);
        }
    }

    /** Puts the names of {@code path} in front of what is left to walk, in order. */
    private static void push(Deque<String> todo, String path) {
        String[] names = path.split("/");
        for (int i = names.length - 1; i >= 0; i--) {
            todo.push(names[i]);
        }
    }

    private static Path parentOf(Path p) {
        Path parent = p.getParent();
        return parent == null ? p : parent;
    }

    private static void trust(FileStatus st, Path where, int euid) throws UntrustedDirectoryException {
        var problem = DirectoryTrust.problem(st.uid(), st.permissions(), euid);
        if (problem.isPresent()) {
            throw new UntrustedDirectoryException(where, problem.get());
        }
    }

    /** A directory on the way can be changed by another user. */
    static final class UntrustedDirectoryException extends FileSystemException {
        UntrustedDirectoryException(Path dir, String problem) {
            super(dir.toString(), null, "refusing " + dir + ": " + problem);
        }

        @Override
        public String getMessage() {
            return getReason();
        }
    }
}
