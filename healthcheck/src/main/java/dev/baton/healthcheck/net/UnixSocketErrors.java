package dev.baton.healthcheck.net;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** One wording for a failed connect to a unix socket, whichever check made it. */
public final class UnixSocketErrors {
    private UnixSocketErrors() {
    }

    /** {@code message} is the exception's text (the errno's, from the JDK or jnr). */
    public static String reason(Path path, String message) {
        String m = String.valueOf(message);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return "no socket at " + path;
        }
        // before "Connection refused": that is what Linux answers for a connect to a file or directory
        if (Files.isRegularFile(path) || Files.isDirectory(path)) {
            return path + " is not a socket";
        }
        if (m.contains("Connection refused")) {
            return "connection refused by " + path + " (nothing listens there)";
        }
        if (m.contains("Permission denied")) {
            return "permission denied on " + path;
        }
        if (m.contains("Resource temporarily unavailable")) {
            return "the backlog of " + path + " is full";
        }
        return m + " (" + path + ")";
    }
}
