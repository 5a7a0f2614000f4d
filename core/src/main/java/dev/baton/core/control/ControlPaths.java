package dev.baton.core.control;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name of a config's control socket: derived from the config file's absolute path, so
 * several instances (baton@a, baton@b) never collide, and so {@code baton upgrade -c FILE} and
 * {@code baton status -c FILE} find it from the same file: {@code NAME-HASH.sock}, where NAME is
 * the config file name without extension and HASH the first 12 hex digits of the SHA-256 of its
 * absolute path. The directory it lives in is {@link RuntimeDirectory}'s to choose.
 */
public final class ControlPaths {
    private ControlPaths() {
    }

    public static Path socketFor(Path config, Path runtimeDirectory) {
        return runtimeDirectory.resolve(socketName(config));
    }

    private static String socketName(Path config) {
        Path abs = config.toAbsolutePath().normalize();
        String file = abs.getFileName().toString();
        String name = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        name = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (name.length() > 40) {
            name = name.substring(0, 40);
        }
        return name + "-" + hash(abs.toString()) + ".sock";
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
