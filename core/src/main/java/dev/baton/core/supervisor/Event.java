package dev.baton.core.supervisor;

import dev.baton.core.os.ChildExit;
import dev.baton.core.os.Signal;

/**
 * Everything that happens to the supervisor, posted to its one queue from signal handlers,
 * the reaper, check threads and timers. Only the loop thread reads a {@link Generation}'s
 * fields; events just carry the reference.
 */
sealed interface Event {
    record SignalReceived(Signal signal) implements Event {
    }

    record ChildExited(Generation generation, ChildExit exit) implements Event {
    }

    record GroupGone(Generation generation) implements Event {
    }

    record CheckPassed(Generation generation) implements Event {
    }

    record CheckFailed(Generation generation, String reason) implements Event {
    }

    record HealthDeadline(Generation generation) implements Event {
    }

    record StopDelayOver(Generation generation) implements Event {
    }

    record StopTimedOut(Generation generation) implements Event {
    }

    /** A {@code baton upgrade} over the control socket. */
    record UpgradeRequested(dev.baton.core.control.UpgradeReply reply) implements Event {
    }

    /** Old baton: a message from the new baton. */
    record FromSuccessor(NewBaton successor, dev.baton.core.handover.Message message) implements Event {
    }

    record SuccessorEof(NewBaton successor) implements Event {
    }

    record SuccessorExited(NewBaton successor, ChildExit exit) implements Event {
    }

    record SuccessorDeadline(NewBaton successor) implements Event {
    }

    /** New baton: a message from the old baton. */
    record FromPredecessor(dev.baton.core.handover.Message message) implements Event {
    }

    record PredecessorEof() implements Event {
    }
}
