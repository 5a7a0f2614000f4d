package dev.baton.core.os.linux;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one long-lived thread every child is spawned from. pdeathsig fires when the spawning
 * <em>thread</em> exits, so that thread must live as long as baton does.
 */
final class SpawnThread {
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    SpawnThread() {
        Thread t = new Thread(this::loop, "baton-spawner");
        t.setDaemon(true);
        t.start();
    }

    private void loop() {
        while (true) {
            try {
                tasks.take().run();
            } catch (InterruptedException e) {
                // this thread must not end: a child's pdeathsig is tied to it
                Thread.interrupted();
            } catch (RuntimeException | Error e) {
                // a task reports its own failure through its future; keep the thread alive
            }
        }
    }

    <T> T call(Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }
}
