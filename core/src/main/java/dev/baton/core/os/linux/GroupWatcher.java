package dev.baton.core.os.linux;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Finds out when a process group is empty: after its leader is reaped, it probes the group
 * with {@code kill(-pgid, 0)} until ESRCH, backing off from 2 ms to 50 ms. Never logs.
 */
final class GroupWatcher {
    private static final long FIRST_DELAY_MS = 2;
    private static final long MAX_DELAY_MS = 50;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "baton-group-watch");
        t.setDaemon(true);
        return t;
    });

    CompletableFuture<Void> watch(int pgid) {
        CompletableFuture<Void> gone = new CompletableFuture<>();
        timer.execute(() -> probe(pgid, gone, FIRST_DELAY_MS));
        return gone;
    }

    private void probe(int pgid, CompletableFuture<Void> gone, long delay) {
        if (groupEmpty(pgid)) {
            gone.complete(null);
        } else {
            timer.schedule(() -> probe(pgid, gone, Math.min(delay * 2, MAX_DELAY_MS)), delay, TimeUnit.MILLISECONDS);
        }
    }

    static boolean groupEmpty(int pgid) {
        return Native.LIBC.kill(-pgid, 0) != 0 && Native.lastErrno() == LibC.ESRCH;
    }
}
