package dev.baton.core.os;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A spawned child, leader of its own process group (pgid == pid).
 *
 * <p>Threading: {@link #exit()} completes on the reaper thread once the leader is reaped;
 * {@link #groupGone()} completes on a watcher thread once the leader is reaped and no process
 * is left in the group. Listeners must be quick and must not block; the supervisor only posts
 * an event to its own queue.
 */
public interface ChildProcess {
    long pid();

    CompletionStage<ChildExit> exit();

    CompletionStage<Void> groupGone();

    /** The child's stdout and stderr, if it was spawned with {@link SpawnSpec#pipeOutput}; else they are baton's. */
    default Optional<ChildOutput> output() {
        return Optional.empty();
    }
}
