package dev.baton.core.os;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A child's private NOTIFY_SOCKET, as {@link Os#openNotifySocket} made it: a unix datagram socket
 * that receives with the sender's credentials (SO_PASSCRED). Used by one check's thread at a time.
 */
public interface NotifyChannel extends AutoCloseable {

    /** One datagram: its sender's pid (-1 if none came with it), that pid's process group as the
     * datagram was received (-1 if unknown or gone), and its text. */
    record Datagram(int senderPid, int senderProcessGroup, String text) {
    }

    Path path();

    /** The next datagram, or empty after at most 200 ms without one (at once if {@code wait} is false). */
    Optional<Datagram> receive(boolean wait) throws IOException;

    /** Closes the socket and removes it and its directory. */
    @Override
    void close();
}
