package dev.baton.launcher;

import dev.baton.core.control.ControlPaths;
import dev.baton.core.listen.ListenAddress;
import dev.baton.core.listen.ListenerConfig;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.Os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/** Creating or inheriting the control socket of a running baton. */
final class ControlSocket {
    private ControlSocket() {
    }

    static Path path(Path config, Map<String, String> env) {
        return ControlPaths.socketFor(config, dev.baton.core.os.linux.Users.effectiveUid(), env);
    }

    /**
     * Creates the socket (mode 0600, in a 0700 directory owned by this uid). A live socket means
     * another baton already runs this config: that is an error, not something to replace.
     */
    static int create(Os os, Path socket) throws ListenException {
        Path dir = socket.getParent();
        // root's /run/baton is 0711, so that a child that dropped privileges can reach its own notify
        // socket below it; the control sockets in it are 0600
        int euid = dev.baton.core.os.linux.Users.effectiveUid();
        String mode = euid == 0 ? "rwx--x--x" : "rwx------";
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
            }
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (owner != euid) {
                throw new ListenException("cannot use control directory " + dir + ": it belongs to uid " + owner);
            }
            if (euid == 0 && !PosixFilePermissions.toString(Files.getPosixFilePermissions(dir,
                    LinkOption.NOFOLLOW_LINKS)).equals(mode)) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
            }
        } catch (IOException e) {
            throw new ListenException("cannot create control directory " + dir + ": " + e.getMessage());
        }
        try {
            return os.listen(new ListenerConfig("control", new ListenAddress.Unix(socket), 16, Optional.of(0600),
                    Optional.empty(), Optional.empty(), false));
        } catch (ListenException e) {
            if (e.getMessage().contains("address already in use")) {
                throw new ListenException("another baton already runs this config (its control socket " + socket
                        + " answers); stop it first, or use `baton upgrade -c FILE` to flip it");
            }
            throw e;
        }
    }

    static void remove(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // best effort
        }
    }
}
