package dev.baton.core.os;

import java.util.function.Consumer;

/**
 * A bidirectional, line-based channel over an inherited socket: the handover link between an old
 * and a new baton. Lines are UTF-8 without the newline.
 *
 * <p>Threading: after {@link #start}, a reader thread of the channel calls {@code onLine} for each
 * line, in order, then {@code onEof} once, at end of file or on a read error. {@link #send} may
 * be called from any thread.
 */
public interface LineChannel extends AutoCloseable {

    void start(Consumer<String> onLine, Runnable onEof);

    /** Sends one line; returns false if the peer is gone. */
    boolean send(String line);

    @Override
    void close();
}
