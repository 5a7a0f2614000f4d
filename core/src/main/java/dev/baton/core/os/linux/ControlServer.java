package dev.baton.core.os.linux;

import java.nio.charset.StandardCharsets;

/**
 * Serves baton's control socket: one request line per connection, one answer line. A thread
 * blocks in accept(2); each connection gets a short-lived thread of its own, a 10 s receive
 * timeout, and a peer check through SO_PEERCRED: only baton's own uid and root are served.
 *
 * <p>Wire format: the server first writes {@code BATON 1 pid=PID}, the client sends one line
 * ({@code STATUS} or {@code UPGRADE}), the server answers one line and closes.
 */
public final class ControlServer {

    /** Answers one request; may block (an upgrade waits for its flip). */
    public interface Handler {
        String handle(String request) throws InterruptedException;
    }

    private ControlServer() {
    }

    public static void start(int fd, long ownPid, int allowedUid, Handler handler) {
        Thread t = new Thread(() -> acceptLoop(fd, ownPid, allowedUid, handler), "baton-control");
        t.setDaemon(true);
        t.start();
    }

    private static void acceptLoop(int fd, long ownPid, int allowedUid, Handler handler) {
        while (true) {
            int conn = Native.LIBC.accept4(fd, null, null, LibC.SOCK_CLOEXEC);
            if (conn < 0) {
                int errno = Native.lastErrno();
                if (errno == LibC.EINTR || errno == 103 /* ECONNABORTED */ || errno == LibC.EAGAIN) {
                    continue;
                }
                return; // the socket is gone
            }
            Thread t = new Thread(() -> serve(conn, ownPid, allowedUid, handler), "baton-control-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void serve(int conn, long ownPid, int allowedUid, Handler handler) {
        FdLineChannel channel = new FdLineChannel(conn);
        try {
            Native.LIBC.setsockopt(conn, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, new int[] {10, 0, 0, 0}, 16);
            int[] cred = new int[3]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
            int[] len = {12};
            if (Native.LIBC.getsockopt(conn, LibC.SOL_SOCKET, LibC.SO_PEERCRED, cred, len) != 0
                    || (cred[1] != allowedUid && cred[1] != 0)) {
                channel.send("DENIED only uid " + allowedUid + " and root may control this baton");
                return;
            }
            channel.send("BATON 1 pid=" + ownPid);
            String request = readLine(conn);
            if (request == null) {
                return;
            }
            channel.send(handler.handle(request.trim()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            channel.send("ERROR " + e);
        } finally {
            channel.close();
        }
    }

    private static String readLine(int fd) {
        byte[] buf = new byte[1];
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 1024) {
            long n = Native.LIBC.read(fd, buf, 1);
            if (n < 0 && Native.lastErrno() == LibC.EINTR) {
                continue;
            }
            if (n <= 0) {
                return null;
            }
            if (buf[0] == '\n') {
                return sb.toString();
            }
            sb.append((char) (buf[0] & 0xff));
        }
        return new String(sb.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
