package dev.baton.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Refuses more listeners than the open-files limit leaves room for. baton holds every listener
 * for the whole run, and a new baton holds them all again next to its own JVM's files, so a
 * config that doesn't fit fails only at the first spawn, or worse, at a flip.
 *
 * <p>The limit is read from {@code /proc/self/limits}, not through a native call, to keep
 * config validation free of jnr-ffi (start-up time).
 */
final class OpenFiles {
    /**
     * What baton opens besides its listeners, with headroom. Measured with 600 listeners: a
     * running baton holds 12 other fds (stdio, the JDK's modules file, baton.jar, /dev/random and
     * /dev/urandom, the guard's pipe, the control socket, ...) and 17 at the peak of a re-exec flip
     * with 8 concurrent {@code baton status} clients; the new baton 15. The rest is for what
     * grows with the config and with use and wasn't in that measurement: one socket per control
     * client (capped), one fd per plugin jar, a socket or pipes per member of an {@code all}
     * check, the journal stream.
     */
    static final int RESERVE = 64;
    static final String LIMITS = "/proc/self/limits";

    private OpenFiles() {
    }

    static void check(ConfigMap top, int listeners, OptionalLong limit) throws ConfigException {
        if (listeners == 0 || limit.isEmpty() || listeners + (long) RESERVE <= limit.getAsLong()) {
            return;
        }
        throw ConfigException.at(top.node().context().file, top.lineOf("listeners"), "listeners",
                listeners + " listeners need about " + (listeners + RESERVE) + " file descriptors, more than the "
                        + "open-files limit of " + limit.getAsLong() + " (ulimit -n / LimitNOFILE=)",
                "a higher limit or fewer listeners");
    }

    /** The soft RLIMIT_NOFILE of this process; empty when unlimited or unreadable. */
    static OptionalLong softLimit() {
        try {
            return softLimit(Files.readString(Path.of(LIMITS), StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Parses the "Max open files  SOFT  HARD  files" line of a /proc/PID/limits text. */
    static OptionalLong softLimit(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                if (fields.length > 0 && fields[0].matches("\\d{1,18}")) {
                    return OptionalLong.of(Long.parseLong(fields[0]));
                }
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
