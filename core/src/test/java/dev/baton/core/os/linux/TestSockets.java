package dev.baton.core.os.linux;

import dev.baton.core.os.ListenException;
import dev.baton.core.os.ListenerConfig;

/**
 * Real sockets for tests outside this package, without {@link LinuxOs#create}: that starts the
 * child reaper, which would reap the children other tests in the same JVM wait for.
 */
public final class TestSockets {
    private TestSockets() {
    }

    public static int listen(ListenerConfig config) throws ListenException {
        return Sockets.listen(config);
    }

    public static void close(int fd) {
        Native.LIBC.close(fd);
    }
}
