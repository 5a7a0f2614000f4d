package dev.baton.core.os.linux;

import jnr.ffi.Pointer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * A client of a unix stream socket whose every step has a deadline, for the short line exchanges
 * of baton's control socket. A blocking AF_UNIX connect waits while the listener's backlog is
 * full, so the connect is bounded with SO_SNDTIMEO (the kernel's wait for a backlog slot honours
 * it, then fails with EAGAIN); each read is bounded with SO_RCVTIMEO set to the time left.
 *
 * <p>Failures are the JDK's socket exceptions: {@link ConnectException} when nothing listens at
 * the path (refused, or no such file), {@link SocketTimeoutException} when a deadline passed.
 */
public final class UnixClient implements AutoCloseable {
    private static final LibC C = Native.LIBC;
    private static final int MAX_LINE = 1024 * 1024; // a status or history answer: up to a few hundred flip records

    private final int fd;
    private byte[] pending = new byte[0];

    private UnixClient(int fd) {
        this.fd = fd;
    }

    public static UnixClient connect(Path path, Duration timeout) throws IOException {
        int fd = C.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException("socket: " + Native.strerror(Native.lastErrno()));
        }
        try {
            Pointer addr = Native.allocate(128);
            int len = Sockets.unix(addr, path);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                setTimeout(fd, LibC.SO_SNDTIMEO, deadline);
                if (C.connect(fd, addr, len) == 0) {
                    return new UnixClient(fd);
                }
                int errno = Native.lastErrno();
                if (errno == LibC.EINTR && System.nanoTime() < deadline) {
                    continue;
                }
                throw switch (errno) {
                    case LibC.ECONNREFUSED, LibC.ENOENT -> new ConnectException("nothing listens at " + path);
                    case LibC.EAGAIN, LibC.EINPROGRESS, LibC.EINTR -> new SocketTimeoutException(
                            path + " accepted no connection within " + timeout.toMillis() + " ms");
                    default -> new IOException("cannot connect to " + path + ": " + Native.strerror(errno));
                };
            }
        } catch (IOException | RuntimeException e) {
            C.close(fd);
            throw e;
        }
    }

    /** The next line (without its newline), or null at end of file; waits at most {@code timeout}. */
    public String readLine(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (true) {
            for (int i = 0; i < pending.length; i++) {
                if (pending[i] == '\n') {
                    line.write(pending, 0, i);
                    pending = Arrays.copyOfRange(pending, i + 1, pending.length);
                    return line.toString(StandardCharsets.UTF_8);
                }
            }
            if (line.size() < MAX_LINE) {
                line.write(pending, 0, Math.min(pending.length, MAX_LINE - line.size()));
            }
            pending = new byte[0];
            if (System.nanoTime() >= deadline) {
                throw new SocketTimeoutException("no line within " + timeout.toMillis() + " ms");
            }
            setTimeout(fd, LibC.SO_RCVTIMEO, deadline);
            long n = C.read(fd, buf, buf.length);
            if (n < 0) {
                int errno = Native.lastErrno();
                if (errno == LibC.EINTR || errno == LibC.EAGAIN) {
                    continue; // EAGAIN: the timeout passed; the deadline check above says so
                }
                throw new IOException("read: " + Native.strerror(errno));
            }
            if (n == 0) {
                return null;
            }
            pending = Arrays.copyOf(buf, (int) n);
        }
    }

    public void writeLine(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        int off = 0;
        while (off < bytes.length) {
            byte[] rest = Arrays.copyOfRange(bytes, off, bytes.length);
            long n = C.write(fd, rest, rest.length);
            if (n < 0 && Native.lastErrno() == LibC.EINTR) {
                continue;
            }
            if (n <= 0) {
                throw new IOException("write: " + Native.strerror(Native.lastErrno()));
            }
            off += (int) n;
        }
    }

    @Override
    public void close() {
        C.close(fd);
    }

    /** SO_SNDTIMEO / SO_RCVTIMEO to the time left until {@code deadline}, at least 1 ms (0 would mean never). */
    private static void setTimeout(int fd, int option, long deadline) throws IOException {
        long micros = Math.max(1000, (deadline - System.nanoTime()) / 1000);
        long sec = micros / 1_000_000;
        int usec = (int) (micros % 1_000_000);
        int[] timeval = {(int) sec, (int) (sec >>> 32), usec, 0}; // struct timeval { long tv_sec; long tv_usec; }
        if (C.setsockopt(fd, LibC.SOL_SOCKET, option, timeval, 16) != 0) {
            throw new IOException("setsockopt: " + Native.strerror(Native.lastErrno()));
        }
    }
}
