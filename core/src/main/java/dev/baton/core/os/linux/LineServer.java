package dev.baton.core.os.linux;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The syscalls of baton's control socket (and of the metrics listener, which speaks HTTP/1.0 through
 * the same loop): a thread blocks in accept(2); each connection gets a
 * short-lived thread of its own, its peer's uid (SO_PEERCRED), and lines read and written with
 * a deadline. What is said on it is control's ({@code ControlService}, {@code ControlProtocol}).
 *
 * <p>The accept loop must outlive every fault but the socket's own end, or {@code baton upgrade}
 * and {@code baton status} would hang until baton restarts. Out of fds or memory (EMFILE,
 * ENFILE, ENOBUFS, ENOMEM, or any error it does not know), it backs off (10 ms, doubling up to
 * 1 s) and accepts again; only a socket that is closed or not a listening socket (EBADF, EINVAL,
 * ENOTSOCK) ends it. At most {@value #MAX_CONNECTIONS} connections are served at once (an
 * upgrade holds its connection for its whole flip); past that, a connection is answered the
 * session's busy line at once, by the accept thread, and closed: the client learns why at once,
 * and the rejected connection costs one fd for a moment.
 */
public final class LineServer {
    static final int MAX_CONNECTIONS = 16;
    private static final long BACKOFF_FIRST_MS = 10;
    private static final long BACKOFF_MAX_MS = 1000;

    /** What is said on each connection. */
    public interface Session {
        /** Serves one connection, on its own thread; may block (an upgrade waits for its flip). */
        void serve(Connection connection) throws InterruptedException;

        /** The one line that turns a connection away, and why. */
        String busy(String why);
    }

    /** One accepted connection. */
    public interface Connection {
        /** The uid of the process at the other end, or -1 if the kernel won't say. */
        int peerUid();

        void send(String line);

        /** One line, or null if the client closed, sent more than 1024 bytes, or missed the deadline. */
        String readLine(long deadlineNanos);

        /**
         * Writes {@code bytes} as they are (no line end added); false if the client closed or did not
         * take them by the deadline (a client that never reads can't hold its thread).
         */
        boolean write(byte[] bytes, long deadlineNanos);
    }

    private static final int POLLFD_SIZE = 8;

    private final int fd;
    private final Session session;
    private final AtomicInteger serving = new AtomicInteger();
    /** The pipe that wakes the accept loop to end it ({@link #stop}): read end, write end. */
    private final int[] wake;
    private volatile boolean stopped;
    private boolean wakeClosed; // guarded by this

    private final String name;

    private LineServer(int fd, Session session, int[] wake, String name) {
        this.name = name;
        this.fd = fd;
        this.session = session;
        this.wake = wake;
    }

    /**
     * Serves the listening socket {@code fd} on a thread of its own, from now until it is closed
     * or {@link #stop}ped. The loop waits in poll(2) on the socket and on a pipe of its own, so
     * that it can stop accepting while another process (the new baton of a flip) still serves the
     * same socket.
     */
    public static LineServer start(int fd, Session session) {
        return start(fd, session, "baton-control");
    }

    /** {@link #start(int, Session)}, with threads named {@code name} and {@code name-conn}. */
    public static LineServer start(int fd, Session session, String name) {
        int[] wake = new int[2];
        if (Native.LIBC.pipe2(wake, LibC.O_CLOEXEC) != 0) {
            wake[0] = -1;
            wake[1] = -1; // out of fds: serve without the way to stop early
        }
        LineServer server = new LineServer(fd, session, wake, name);
        Thread t = new Thread(server::acceptLoop, name);
        t.setDaemon(true);
        t.start();
        return server;
    }

    /**
     * Accepts no more connections from now on; those accepted already are served to their end. A
     * connection accepted in the instant of the stop is turned away with {@code busy("this baton
     * handed over")}, so the client asks again and reaches the baton in charge.
     */
    public synchronized void stop() {
        stopped = true;
        if (!wakeClosed && wake[1] >= 0) {
            Native.LIBC.write(wake[1], new byte[] {1}, 1);
        }
    }

    /** The loop ended: its pipe goes, and a later {@link #stop} writes nowhere (the fd may be reused). */
    private synchronized void closeWake() {
        wakeClosed = true;
        if (wake[0] >= 0) {
            Native.LIBC.close(wake[0]);
            Native.LIBC.close(wake[1]);
        }
    }

    /** Waits until the socket has a connection to accept; false once stopped. */
    private boolean awaitConnection(jnr.ffi.Pointer pollfds) {
        if (wake[0] < 0) {
            return !stopped;
        }
        while (!stopped) {
            pollfds.putInt(0, fd);
            pollfds.putShort(4, (short) LibC.POLLIN);
            pollfds.putShort(6, (short) 0);
            pollfds.putInt(POLLFD_SIZE, wake[0]);
            pollfds.putShort(POLLFD_SIZE + 4, (short) LibC.POLLIN);
            pollfds.putShort(POLLFD_SIZE + 6, (short) 0);
            int n = Native.LIBC.poll(pollfds, 2, -1);
            if (n < 0 && Native.lastErrno() != LibC.EINTR) {
                return true; // let accept4 say what is wrong with the socket
            }
            if (n > 0 && pollfds.getShort(6) != 0) {
                return !stopped;
            }
        }
        return false;
    }

    private void acceptLoop() {
        jnr.ffi.Pointer pollfds = Native.allocate(2 * POLLFD_SIZE);
        long backoff = 0;
        while (true) {
            if (!awaitConnection(pollfds)) {
                closeWake();
                return;
            }
            int conn = Native.LIBC.accept4(fd, null, null, LibC.SOCK_CLOEXEC);
            if (conn >= 0 && stopped) {
                refuse(conn, session.busy("this baton handed over"));
                continue;
            }
            if (conn < 0) {
                int errno = Native.lastErrno();
                if (socketGone(errno)) {
                    closeWake();
                    return;
                }
                if (!retryAtOnce(errno)) {
                    backoff = backoff == 0 ? BACKOFF_FIRST_MS : Math.min(2 * backoff, BACKOFF_MAX_MS);
                    if (!pause(backoff)) {
                        return;
                    }
                }
                continue;
            }
            backoff = 0;
            if (serving.incrementAndGet() > MAX_CONNECTIONS) {
                serving.decrementAndGet();
                refuse(conn, session.busy("too many control connections"));
                continue;
            }
            if (!startServing(conn)) {
                serving.decrementAndGet();
                refuse(conn, session.busy("baton cannot start a thread for this connection"));
                backoff = BACKOFF_FIRST_MS;
                if (!pause(backoff)) {
                    return;
                }
            }
        }
    }

    /** The listening socket itself is closed or invalid: nothing more will ever be accepted. */
    private static boolean socketGone(int errno) {
        return errno == LibC.EBADF || errno == LibC.EINVAL || errno == LibC.ENOTSOCK;
    }

    /** A signal, or a client that went away before it was accepted: accept the next one now. */
    private static boolean retryAtOnce(int errno) {
        return errno == LibC.EINTR || errno == LibC.ECONNABORTED || errno == LibC.EAGAIN || errno == LibC.EPROTO;
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis); // a bounded back-off while the process is out of fds or memory
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean startServing(int conn) {
        Thread t = new Thread(() -> {
            try {
                serve(conn);
            } finally {
                serving.decrementAndGet();
            }
        }, name + "-conn");
        t.setDaemon(true);
        try {
            t.start();
            return true;
        } catch (OutOfMemoryError e) { // "unable to create native thread": the same fault as ENOMEM
            return false;
        }
    }

    private static void refuse(int conn, String line) {
        FdLineChannel channel = new FdLineChannel(conn);
        channel.send(line); // one short line into a new connection's empty buffer: never blocks
        channel.close();
    }

    private void serve(int conn) {
        FdLineChannel channel = new FdLineChannel(conn);
        try {
            session.serve(new Connection() {
                @Override
                public int peerUid() {
                    int[] cred = new int[3]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
                    int[] len = {12};
                    return Native.LIBC.getsockopt(conn, LibC.SOL_SOCKET, LibC.SO_PEERCRED, cred, len) == 0 ? cred[1]
                            : -1;
                }

                @Override
                public void send(String line) {
                    channel.send(line);
                }

                @Override
                public String readLine(long deadlineNanos) {
                    return LineServer.readLine(conn, deadlineNanos);
                }

                @Override
                public boolean write(byte[] bytes, long deadlineNanos) {
                    long micros = Math.max(1000, (deadlineNanos - System.nanoTime()) / 1000);
                    // SO_SNDTIMEO to the time left: write(2) returns EAGAIN then, and the send gives up
                    Native.LIBC.setsockopt(conn, LibC.SOL_SOCKET, LibC.SO_SNDTIMEO,
                            new int[] {(int) (micros / 1_000_000), 0, (int) (micros % 1_000_000), 0}, 16);
                    return channel.sendBytes(bytes, deadlineNanos);
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            channel.close();
        }
    }

    /** One line, or null if the client closed, sent too much, or missed the deadline. */
    private static String readLine(int fd, long deadline) {
        byte[] buf = new byte[1];
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 1024) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            long micros = Math.max(1000, left / 1000);
            // SO_RCVTIMEO to the time left: a client trickling bytes can't hold its slot past the deadline
            Native.LIBC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO,
                    new int[] {(int) (micros / 1_000_000), 0, (int) (micros % 1_000_000), 0}, 16);
            long n = Native.LIBC.read(fd, buf, 1);
            if (n < 0 && (Native.lastErrno() == LibC.EINTR || Native.lastErrno() == LibC.EAGAIN)) {
                continue;
            }
            if (n <= 0) {
                return null;
            }
            if (buf[0] == '\n') {
                return new String(sb.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
            sb.append((char) (buf[0] & 0xff));
        }
        return null;
    }
}
