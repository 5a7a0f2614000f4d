package dev.baton.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * When a process the bench did not start exits, to within a couple of milliseconds: a thread
 * reads its /proc stat until it is a zombie or gone. baton's own log says when baton saw the
 * exit; this is the bench's independent clock for "the child crashed". It reads one small file
 * per period, from the watch's start until the exit or {@link #close()}.
 */
final class ExitWatch implements AutoCloseable {
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private final long pid;
    private final Thread thread;
    private volatile boolean stop;
    private volatile long exitedAt = -1;

    ExitWatch(long pid) {
        this.pid = pid;
        thread = new Thread(this::loop, "exit-watch-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stop) {
            if (!running(pid)) {
                exitedAt = System.currentTimeMillis();
                return;
            }
            LockSupport.parkNanos(PERIOD_NANOS); // a sampling period: there is nothing to block on
        }
    }

    /** Not a zombie and not gone (a zombie has exited and waits to be reaped by baton). */
    static boolean running(long pid) {
        return Procs.stat(pid).map(s -> s.charAt(s.lastIndexOf(')') + 2) != 'Z').orElse(false);
    }

    /** When it was seen to exit (epoch ms), waiting up to {@code seconds}; -1 if it did not. */
    long exitedAt(int seconds) throws InterruptedException {
        thread.join(TimeUnit.SECONDS.toMillis(seconds));
        return exitedAt;
    }

    @Override
    public void close() {
        stop = true;
    }
}
