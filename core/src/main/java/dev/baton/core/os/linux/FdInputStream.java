package dev.baton.core.os.linux;

import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link InputStream} over a pipe's read end, with blocking {@code read(2)}: the JDK has no
 * public way to wrap an fd it did not open. One reader thread; {@link #close} closes the fd once.
 */
final class FdInputStream extends InputStream {
    private final int fd;
    private boolean closed;

    FdInputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (closed) {
            throw new IOException("closed");
        }
        byte[] into = off == 0 ? b : new byte[len];
        while (true) {
            long n = Native.LIBC.read(fd, into, Math.min(len, into.length));
            if (n < 0 && Native.lastErrno() == LibC.EINTR) {
                continue;
            }
            if (n < 0) {
                throw new IOException("read: " + Native.strerror(Native.lastErrno()));
            }
            if (n == 0) {
                return -1;
            }
            if (into != b) {
                System.arraycopy(into, 0, b, off, (int) n);
            }
            return (int) n;
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Native.LIBC.close(fd);
        }
    }
}
