package dev.baton.core.supervisor;

import dev.baton.core.os.ChildExit;
import dev.baton.core.os.Successor;

/**
 * The old baton's view of a new baton during a re-exec flip. Touched only by the loop thread.
 */
final class NewBaton {
    final long generation;
    final Successor successor;
    final long startNanos;
    Scheduler.Cancellable deadline = Scheduler.Cancellable.NONE;
    boolean hello;
    boolean ready;
    boolean failed;
    String failure;
    boolean eof;
    ChildExit exit;

    NewBaton(long generation, Successor successor, long startNanos) {
        this.generation = generation;
        this.successor = successor;
        this.startNanos = startNanos;
    }

    long pid() {
        return successor.process().pid();
    }

    boolean exited() {
        return exit != null;
    }

    void send(dev.baton.core.handover.Message message) {
        successor.channel().send(message.format());
    }
}
