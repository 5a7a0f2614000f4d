package dev.baton.core.os.linux;

import jnr.ffi.Pointer;

/**
 * Waits for baton's controlling terminal to hang up. Not every process of a session gets a SIGHUP
 * when its terminal goes away: only the session leader does from the kernel, and a shell passes it
 * on to the jobs in its table. A new baton that took over from a shell's job is in no job table
 * once the old baton has exited, so it watches the terminal itself: one thread blocked in poll(2)
 * on /dev/tty with no events asked for, which wakes only for POLLHUP (or POLLNVAL). It costs no CPU
 * and exists only while baton has a controlling terminal: never under systemd or in a container.
 */
final class TerminalWatch {
    private static final int POLLFD_SIZE = 8;

    private TerminalWatch() {
    }

    /** Starts the watch if baton has a controlling terminal; false (no thread) if it has none. */
    static boolean start(Runnable onHangup) {
        if (ProcStat.controllingTerminal() == 0) {
            return false;
        }
        int fd = Native.LIBC.open("/dev/tty", LibC.O_RDONLY | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        if (fd < 0) {
            return false;
        }
        Thread t = new Thread(() -> await(fd, onHangup), "baton-terminal");
        t.setDaemon(true);
        t.start();
        return true;
    }

    private static void await(int fd, Runnable onHangup) {
        Pointer pollfd = Native.allocate(POLLFD_SIZE);
        pollfd.putInt(0, fd);
        pollfd.putShort(4, (short) 0);
        while (true) {
            pollfd.putShort(6, (short) 0);
            int n = Native.LIBC.poll(pollfd, 1, -1);
            if (n < 0 && Native.lastErrno() == LibC.EINTR) {
                continue;
            }
            if (n < 0) {
                Native.LIBC.close(fd); // cannot watch (never seen): baton goes on without the watch
                return;
            }
            if ((pollfd.getShort(6) & (LibC.POLLHUP | LibC.POLLNVAL)) != 0) {
                break;
            }
        }
        Native.LIBC.close(fd);
        onHangup.run();
    }
}
