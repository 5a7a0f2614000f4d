package dev.baton.core.control;

import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenerConfig;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.Os;
import dev.baton.core.os.linux.FileStatus;
import dev.baton.core.os.linux.Users;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Creating, inheriting, finding and removing the control socket of a config's baton. */
public final class ControlSocket {
    /** The control socket a baton listens on, and where it is. */
    public record Bound(int fd, Path path) {
    }

    private ControlSocket() {
    }

    /**
     * Creates the socket (mode 0600) in this uid's runtime directory ({@link RuntimeDirectory}).
     * A live socket means another baton already runs this config: that is an error, not
     * something to replace.
     */
    public static Bound create(Os os, Path config, Map<String, String> env) throws ListenException {
        Path dir;
        try {
            dir = RuntimeDirectory.prepare(Users.effectiveUid(), env);
        } catch (IOException e) {
            throw new ListenException("cannot set up the control socket's directory: " + describe(e));
        }
        Path socket = ControlPaths.socketFor(config, dir);
        try {
            return new Bound(os.listen(new ListenerConfig("control", new ListenAddress.Unix(socket), 16,
                    Optional.of(0600), Optional.empty(), Optional.empty(), false)), socket);
        } catch (ListenException e) {
            if (e.getMessage().contains("address already in use")) {
                throw new ListenException("another baton already runs this config (its control socket " + socket
                        + " answers); stop it first, or use `baton upgrade -c FILE` to flip it");
            }
            throw e;
        }
    }

    /**
     * The control socket a new baton inherited at {@code fd}: its path is the one the old baton
     * chose (a random directory, maybe), read back from the socket itself (getsockname). Empty if
     * the fd is not a listening unix socket.
     */
    public static Optional<Bound> inherited(Os os, int fd) {
        return os.describeSocket(fd).filter(a -> a.startsWith("unix://"))
                .map(a -> new Bound(fd, Path.of(a.substring("unix://".length()))));
    }

    /** The sockets where a baton of this config may answer, best first: those that exist. */
    public static List<Path> candidates(Path config, Map<String, String> env) {
        List<Path> out = new ArrayList<>();
        for (Path dir : RuntimeDirectory.candidates(Users.effectiveUid(), env)) {
            Path socket = ControlPaths.socketFor(config, dir);
            if (isSocket(socket)) {
                out.add(socket);
            }
        }
        return out;
    }

    /** Where the socket of this config would be, for a message saying there is none. */
    public static Path preferred(Path config, Map<String, String> env) {
        return ControlPaths.socketFor(config, RuntimeDirectory.preferred(Users.effectiveUid(), env));
    }

    /**
     * This is not root, and root's runtime directory has a control socket for this config, or
     * can't be looked into: this config's baton runs as root.
     */
    public static boolean runsAsRoot(Path config) {
        if (Users.effectiveUid() == 0) {
            return false;
        }
        try {
            return FileStatus.of(ControlPaths.socketFor(config, RuntimeDirectory.ofRoot())).isPresent();
        } catch (IOException e) {
            return true; // EACCES: a root-only directory (an older baton's 0700) may hold it
        }
    }

    public static void remove(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // best effort
        }
    }

    private static boolean isSocket(Path path) {
        try {
            return FileStatus.of(path).map(FileStatus::isSocket).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    private static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() == null) {
            return f.getFile() + ": " + e.getClass().getSimpleName().replace("Exception", "")
                    .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
        }
        return e.getMessage();
    }
}
