package dev.baton.healthcheck.net;

import java.nio.charset.StandardCharsets;

/** How long a unix socket path may be: Linux's sun_path holds 108 bytes, the last one its terminating NUL. */
public final class UnixPath {
    /** The longest path a unix socket address holds, in bytes. */
    public static final int PATH_MAX = 107;

    private UnixPath() {
    }

    public static boolean fits(String path) {
        return path.getBytes(StandardCharsets.UTF_8).length <= PATH_MAX;
    }
}
