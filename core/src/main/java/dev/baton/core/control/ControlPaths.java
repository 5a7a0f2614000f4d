package dev.baton.core.control;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the control socket of a config lives: derived from the config file's absolute path, so
 * several instances (baton@a, baton@b) never collide, and so {@code baton upgrade -c FILE} and
 * {@code baton status -c FILE} find it from the same file.
 *
 * <ul>
 *   <li>root: {@code /run/baton/NAME-HASH.sock}</li>
 *   <li>others: {@code $XDG_RUNTIME_DIR/baton/NAME-HASH.sock}, else {@code /tmp/baton-UID/NAME-HASH.sock}</li>
 * </ul>
 * The directory is made 0700. NAME is the config file name without extension, HASH the first 12
 * hex digits of the SHA-256 of its absolute path.
 */
public final class ControlPaths {
    private ControlPaths() {
    }

    public static Path socketFor(Path config, int euid, Map<String, String> env) {
        Path abs = config.toAbsolutePath().normalize();
        String file = abs.getFileName().toString();
        String name = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        name = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (name.length() > 40) {
            name = name.substring(0, 40);
        }
        return directory(euid, env).resolve(name + "-" + hash(abs.toString()) + ".sock");
    }

    /** baton's runtime directory for this uid (control sockets, private notify sockets). */
    public static Path directory(int euid, Map<String, String> env) {
        if (euid == 0) {
            return Path.of("/run/baton");
        }
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && xdg.startsWith("/")) {
            return Path.of(xdg, "baton");
        }
        return Path.of("/tmp", "baton-" + euid);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
