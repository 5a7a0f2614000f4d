package dev.baton.core.os.linux;

/**
 * One platform thread blocked in {@code waitpid(-1)}. With no child left it sleeps until the
 * next spawn. Never logs.
 */
final class Reaper implements Runnable {
    private static final LibC C = Native.LIBC;
    private final ProcessTable table;

    Reaper(ProcessTable table) {
        this.table = table;
    }

    static void start(ProcessTable table) {
        Thread t = new Thread(new Reaper(table), "baton-reaper");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        int[] status = new int[1];
        try {
            while (true) {
                long seen = table.spawnCount();
                int pid = C.waitpid(-1, status, 0);
                if (pid > 0) {
                    table.reaped(pid, status[0]);
                } else if (Native.lastErrno() == LibC.ECHILD) {
                    table.awaitSpawnAfter(seen);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
