package dev.baton.core.os.linux;

import dev.baton.core.os.ChildExit;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Pids baton spawned, and the futures their exit completes. One reaper waits for any child
 * ({@code waitpid(-1)}), so orphans re-parented to baton (as PID 1) are reaped too; their
 * statuses are dropped. Spawn and registration happen under the table's lock, so the reaper
 * can never see a pid before it is registered.
 */
final class ProcessTable {
    private final Map<Integer, CompletableFuture<ChildExit>> live = new HashMap<>();
    private long spawns;

    interface SpawnAction {
        int spawn() throws Exception;
    }

    /** Spawns under the lock and registers the pid; returns the pid. */
    synchronized int spawnAndRegister(SpawnAction action, CompletableFuture<ChildExit> exit)
            throws Exception {
        int pid = action.spawn();
        live.put(pid, exit);
        spawns++;
        notifyAll();
        return pid;
    }

    /** Called by the reaper with each reaped pid. */
    void reaped(int pid, int status) {
        CompletableFuture<ChildExit> exit;
        synchronized (this) {
            exit = live.remove(pid);
        }
        if (exit != null) {
            exit.complete(ChildExit.fromWaitStatus(status));
        }
    }

    synchronized long spawnCount() {
        return spawns;
    }

    /** Blocks until a spawn happens after {@code seen} spawns. */
    synchronized void awaitSpawnAfter(long seen) throws InterruptedException {
        while (spawns == seen) {
            wait();
        }
    }
}
