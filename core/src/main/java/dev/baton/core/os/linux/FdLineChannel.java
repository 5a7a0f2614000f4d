package dev.baton.core.os.linux;

import dev.baton.core.os.LineChannel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A {@link LineChannel} over a socket fd, read by a daemon thread with blocking {@code read(2)}.
 * Lines longer than 64 KiB are cut. Never logs.
 */
final class FdLineChannel implements LineChannel {
    private static final int MAX_LINE = 64 * 1024;
    private final int fd;
    private volatile boolean closed;

    FdLineChannel(int fd) {
        this.fd = fd;
    }

    @Override
    public void start(Consumer<String> onLine, Runnable onEof) {
        Thread t = new Thread(() -> readLoop(onLine, onEof), "baton-handover-" + fd);
        t.setDaemon(true);
        t.start();
    }

    private void readLoop(Consumer<String> onLine, Runnable onEof) {
        byte[] buf = new byte[4096];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (!closed) {
            long n = Native.LIBC.read(fd, buf, buf.length);
            if (n < 0 && Native.lastErrno() == LibC.EINTR) {
                continue;
            }
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    onLine.accept(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else if (line.size() < MAX_LINE) {
                    line.write(buf[i]);
                }
            }
        }
        onEof.run();
    }

    @Override
    public synchronized boolean send(String line) {
        if (closed) {
            return false;
        }
        return writeAll((line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8), System.nanoTime()); // no retry
    }

    /** Writes {@code bytes} as they are; false if the peer closed, or a write timed out past {@code deadlineNanos}. */
    synchronized boolean sendBytes(byte[] bytes, long deadlineNanos) {
        return !closed && writeAll(bytes, deadlineNanos);
    }

    private boolean writeAll(byte[] bytes, long deadlineNanos) {
        int off = 0;
        while (off < bytes.length) {
            byte[] rest = off == 0 ? bytes : Arrays.copyOfRange(bytes, off, bytes.length);
            long n = Native.LIBC.write(fd, rest, rest.length);
            if (n < 0 && (Native.lastErrno() == LibC.EINTR
                    || Native.lastErrno() == LibC.EAGAIN && System.nanoTime() - deadlineNanos < 0)) {
                continue;
            }
            if (n <= 0) {
                return false;
            }
            off += (int) n;
        }
        return true;
    }

    /** Shuts the socket down (the peer sees end of file, the reader wakes up), then closes it. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Native.LIBC.shutdown(fd, 2);
            Native.LIBC.close(fd);
        }
    }
}
