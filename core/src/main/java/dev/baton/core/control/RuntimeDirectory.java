package dev.baton.core.control;

import dev.baton.core.os.linux.DirectoryHandle;
import dev.baton.core.os.linux.FileStatus;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * baton's runtime directory for one uid: where its control sockets live (and the private notify
 * sockets of its children). The one place that decides it: a baton {@link #prepare prepares} it,
 * a client lists the {@link #candidates} to look in.
 *
 * <ul>
 *   <li>root: {@code /run/baton}, root-owned, mode 0711 (so that a child that dropped privileges
 *       can reach a socket of its own below it; the control sockets in it are 0600). One owned by
 *       another uid, or that group or others may write to, is refused.</li>
 *   <li>others: {@code $XDG_RUNTIME_DIR/baton}, mode 0700, when XDG_RUNTIME_DIR names a directory
 *       of this uid that nobody else may write to. Else {@code /tmp/baton-UID}, mode 0700, unless
 *       it is taken: any local user can create that name first (a directory of their own, a
 *       file, a symlink), and must not be able to stop this user's baton from starting. Then the
 *       first private {@code /tmp/baton-UID-*} directory of this uid, else a fresh one with a random
 *       name (mkdtemp-style).</li>
 * </ul>
 *
 * A directory is made with mkdir, then opened with O_DIRECTORY|O_NOFOLLOW, and its owner and
 * mode are checked, and set, through that fd ({@link DirectoryHandle}), never by path. The socket
 * is then bound by path in it; nothing can swap the directory in between: it belongs to this uid
 * and its parent is either owned by this uid or root-owned, or sticky ({@code /tmp}).
 */
public final class RuntimeDirectory {
    static final Path ROOT = Path.of("/run/baton");
    private static final Path TMP = Path.of("/tmp");
    private static final int ROOT_MODE = 0711;
    private static final int PRIVATE_MODE = 0700;

    private RuntimeDirectory() {
    }

    /** Makes or checks this uid's runtime directory, and returns it; IOException says why it can't be used. */
    public static Path prepare(int euid, Map<String, String> env) throws IOException {
        return prepare(euid, env, ROOT, TMP);
    }

    static Path prepare(int euid, Map<String, String> env, Path root, Path tmp) throws IOException {
        if (euid == 0) {
            return ensure(root, 0, ROOT_MODE, "; it must be root-owned, mode 0711");
        }
        Optional<Path> xdg = xdgBase(euid, env);
        if (xdg.isPresent()) {
            return ensure(xdg.get().resolve("baton"), euid, PRIVATE_MODE, "");
        }
        Path fixed = tmp.resolve("baton-" + euid);
        if (claim(fixed, euid)) {
            return fixed;
        }
        for (Path dir : randomDirs(tmp, euid)) {
            if (claim(dir, euid)) {
                return dir;
            }
        }
        Path fresh = Files.createTempDirectory(tmp, "baton-" + euid + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try (DirectoryHandle h = DirectoryHandle.open(fresh)) {
            FileStatus s = h.status();
            if (s.uid() != euid) {
                throw new IOException(fresh + " " + problem(s, euid));
            }
            h.setPermissions(PRIVATE_MODE); // the umask may have taken bits away
        }
        return fresh;
    }

    /**
     * Every directory a baton of this uid may have its control socket in, best first; only those
     * that pass the check a client needs (a real directory of this uid that nobody else may
     * write to). Reading only: nothing is made or changed.
     */
    public static List<Path> candidates(int euid, Map<String, String> env) {
        return candidates(euid, env, ROOT, TMP);
    }

    static List<Path> candidates(int euid, Map<String, String> env, Path root, Path tmp) {
        List<Path> out = new ArrayList<>();
        if (euid == 0) {
            addIfTrusted(out, root, 0);
            return out;
        }
        xdgBase(euid, env).ifPresent(xdg -> addIfTrusted(out, xdg.resolve("baton"), euid));
        addIfTrusted(out, tmp.resolve("baton-" + euid), euid);
        for (Path dir : randomDirs(tmp, euid)) {
            addIfTrusted(out, dir, euid);
        }
        return out;
    }

    /**
     * Every runtime directory whose batons {@code euid} may ask: its own ({@link #candidates}); for
     * root, every uid's too ({@code /run/baton}, each {@code /run/user/UID/baton}, each
     * {@code /tmp/baton-UID[-*]}), each only if that uid owns it and nobody else may write to it.
     */
    public static List<Path> everyVisible(int euid, Map<String, String> env) {
        if (euid != 0) {
            return candidates(euid, env);
        }
        List<Path> out = new ArrayList<>();
        addIfTrusted(out, ROOT, 0);
        for (Path user : list(Path.of("/run/user"), "[0-9]*")) {
            addIfTrusted(out, user.resolve("baton"), parseUid(user.getFileName().toString()));
        }
        for (Path dir : list(TMP, "baton-[0-9]*")) {
            String uid = dir.getFileName().toString().substring("baton-".length()).split("-")[0];
            addIfTrusted(out, dir, parseUid(uid));
        }
        return out;
    }

    /** The control sockets ({@code *.sock}) in {@code dir}, in name order. */
    public static List<Path> sockets(Path dir) {
        return list(dir, "*.sock");
    }

    private static List<Path> list(Path dir, String glob) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(out::add);
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    private static int parseUid(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1; // trusted by no uid
        }
    }

    /** Where a baton of this uid puts its control socket when nobody is in its way (for messages). */
    public static Path preferred(int euid, Map<String, String> env) {
        if (euid == 0) {
            return ROOT;
        }
        return xdgBase(euid, env).map(x -> x.resolve("baton")).orElse(TMP.resolve("baton-" + euid));
    }

    /** root's runtime directory, where a non-root client looks when it finds nothing of its own. */
    public static Path ofRoot() {
        return ROOT;
    }

    /**
     * {@code dir}, made if missing, is a directory of {@code uid} that nobody else may write to,
     * and gets {@code mode}; else an IOException says what is wrong, then {@code hint}.
     */
    private static Path ensure(Path dir, int uid, int mode, String hint) throws IOException {
        createIfMissing(dir, mode);
        try (DirectoryHandle h = DirectoryHandle.open(dir)) {
            FileStatus s = h.status();
            if (s.uid() != uid || s.writableByOthers()) {
                throw new IOException(dir + " " + problem(s, uid) + hint);
            }
            if (s.permissions() != mode) {
                h.setPermissions(mode);
            }
        }
        return dir;
    }

    /**
     * {@code dir} (in a sticky directory such as /tmp) becomes or already is this uid's private
     * directory: true. It is someone else's, a symlink, a file, or a directory of this uid with
     * another mode (which others may have written to): false, and it is left alone.
     */
    private static boolean claim(Path dir, int euid) throws IOException {
        boolean made = createIfMissing(dir, PRIVATE_MODE);
        if (!made) {
            Optional<FileStatus> s = FileStatus.of(dir);
            if (s.isEmpty() || !isPrivate(s.get(), euid)) {
                return false;
            }
        }
        try (DirectoryHandle h = DirectoryHandle.open(dir)) {
            FileStatus s = h.status();
            if (s.uid() != euid || !s.isDirectory()) {
                return false;
            }
            if (made) {
                h.setPermissions(PRIVATE_MODE); // the umask may have taken bits away
            } else if (s.permissions() != PRIVATE_MODE) {
                return false;
            }
            return true;
        } catch (IOException e) {
            return false; // swapped or gone between the check and the open: not ours to use
        }
    }

    /** mkdir with {@code mode} (less the umask); false if something already has that name. */
    private static boolean createIfMissing(Path dir, int mode) throws IOException {
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString(mode == ROOT_MODE ? "rwx--x--x" : "rwx------")));
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    private static boolean isPrivate(FileStatus s, int euid) {
        return s.isDirectory() && s.uid() == euid && s.permissions() == PRIVATE_MODE;
    }

    private static void addIfTrusted(List<Path> out, Path dir, int uid) {
        try {
            Optional<FileStatus> s = FileStatus.of(dir);
            if (s.isPresent() && s.get().isDirectory() && s.get().uid() == uid && !s.get().writableByOthers()) {
                out.add(dir);
            }
        } catch (IOException e) {
            // unreadable: not a candidate
        }
    }

    /** {@code tmp/baton-UID-*}, in name order (only this uid's private ones are ever used). */
    private static List<Path> randomDirs(Path tmp, int euid) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(tmp, "baton-" + euid + "-*")) {
            stream.forEach(out::add);
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }

    /** XDG_RUNTIME_DIR, if it is an absolute path to a directory of this uid that nobody else may write to. */
    private static Optional<Path> xdgBase(int euid, Map<String, String> env) {
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg == null || !xdg.startsWith("/")) {
            return Optional.empty();
        }
        Path base = Path.of(xdg);
        try {
            Optional<FileStatus> s = FileStatus.of(base);
            if (s.isPresent() && s.get().isDirectory() && s.get().uid() == euid && !s.get().writableByOthers()) {
                return Optional.of(base);
            }
        } catch (IOException e) {
            // unreadable: not usable
        }
        return Optional.empty();
    }

    private static String problem(FileStatus s, int expectedUid) {
        if (!s.isDirectory()) {
            return "is " + s.kind();
        }
        if (s.uid() != expectedUid) {
            return "belongs to uid " + s.uid();
        }
        return "may be written to by group or others (mode " + s.mode() + ")";
    }
}
