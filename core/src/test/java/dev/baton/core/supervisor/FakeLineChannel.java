package dev.baton.core.supervisor;

import dev.baton.core.os.LineChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The supervisor's end of a handover channel, faked. The test plays the other baton: it
 * {@link #deliver}s lines and end of file, and reads what the supervisor {@link #sent}.
 */
final class FakeLineChannel implements LineChannel {
    private Consumer<String> onLine;
    private Runnable onEof;
    private final List<String> sent = new ArrayList<>();
    private boolean closed;
    private boolean peerGone;

    @Override
    public synchronized void start(Consumer<String> onLine, Runnable onEof) {
        this.onLine = onLine;
        this.onEof = onEof;
    }

    @Override
    public synchronized boolean send(String line) {
        if (closed || peerGone) {
            return false;
        }
        sent.add(line);
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** The other baton writes a line (as the reader thread would report it). */
    void deliver(String line) {
        Consumer<String> target;
        synchronized (this) {
            target = onLine;
        }
        target.accept(line);
    }

    /** The other baton is gone. */
    void eof() {
        Runnable target;
        synchronized (this) {
            peerGone = true;
            target = onEof;
        }
        target.run();
    }

    synchronized List<String> sent() {
        return List.copyOf(sent);
    }

    synchronized boolean started() {
        return onLine != null;
    }

    synchronized boolean closed() {
        return closed;
    }
}
