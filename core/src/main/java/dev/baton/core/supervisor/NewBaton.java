package dev.baton.core.supervisor;

import dev.baton.core.handover.Message;
import dev.baton.core.os.ChildExit;
import dev.baton.core.os.NewBatonProcess;

/**
 * The old baton's handle on one new baton of a re-exec flip: what it said so far, as values. Read
 * by the loop; changed only by {@link ToNewBaton}.
 */
final class NewBaton {
    final long generation;
    final NewBatonProcess process;
    final long startNanos;
    Scheduler.Cancellable deadline = Scheduler.Cancellable.NONE;
    boolean ready;
    /** Its READY, once it said it. */
    Message.Ready said;
    /** Why the flip to it failed, once it did; null while it may still take over. */
    String failure;
    ChildExit exit;

    NewBaton(long generation, NewBatonProcess process, long startNanos) {
        this.generation = generation;
        this.process = process;
        this.startNanos = startNanos;
    }

    long pid() {
        return process.process().pid();
    }

    boolean failed() {
        return failure != null;
    }

    boolean exited() {
        return exit != null;
    }

    void send(Message message) {
        process.channel().send(message.format());
    }
}
