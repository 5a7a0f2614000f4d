package dev.baton.core.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;

/** What a check may change about the child before it is spawned. Part of the health-check SPI, version 1. */
public interface ChildLaunch {
    long generation();

    void putEnv(String name, String value);

    /** The uid the child will run as, if baton switches it (user:); empty means baton's own. */
    OptionalInt childUid();

    /**
     * baton's runtime directory (README, "Security"): only root, or baton's own uid, can change
     * it, and a child that dropped privileges can pass through it (root's is {@code /run/baton},
     * mode 0711). A check that needs files for its child, such as a private socket, makes a
     * directory of its own below it, and removes it when the check is closed.
     */
    Path runtimeDirectory();

    /**
     * Makes the child a NOTIFY_SOCKET of its own, {@code notify.sock} in a new directory below
     * {@code <runtime directory>/notify/}. The directories stay baton's (0711 when the child runs as
     * another user, so it can pass through but not list or change them; 0700 otherwise); only the
     * socket itself is the child's uid's, mode 0600. The check closes it when it is closed.
     *
     * @throws IOException with a one-line message, e.g. when {@code notify/} is not baton's own
     */
    NotifySocket openNotifySocket() throws IOException;
}
