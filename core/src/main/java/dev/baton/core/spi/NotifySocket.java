package dev.baton.core.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A child's private NOTIFY_SOCKET, as {@link ChildLaunch#openNotifySocket()} makes it: a unix datagram
 * socket that receives with the sender's credentials, in a directory of its own below baton's runtime
 * directory. Who may touch what is baton's business (README, "Security"); a check only receives, and
 * closes it, which removes the socket and its directory. Part of the health-check SPI, version 1.
 */
public interface NotifySocket extends AutoCloseable {

    /** One datagram: the pid that sent it (SCM_CREDENTIALS; -1 if none), that pid's process group
     * when it was received (-1 if unknown or gone), and its text. */
    record Datagram(int senderPid, int senderProcessGroup, String text) {
    }

    /** The socket's path, for the child's {@code NOTIFY_SOCKET}. */
    Path path();

    /**
     * The next datagram; empty after at most 200 ms without one when {@code wait} is true (so an
     * interrupted check notices), at once when it is false.
     */
    Optional<Datagram> receive(boolean wait) throws IOException;

    /** Closes the socket and removes it and its directory. */
    @Override
    void close();
}
