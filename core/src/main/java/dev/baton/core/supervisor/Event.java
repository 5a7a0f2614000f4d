package dev.baton.core.supervisor;

import dev.baton.core.control.ProbationReply;
import dev.baton.core.control.UpgradeReply;
import dev.baton.core.handover.Message;
import dev.baton.core.os.ChildExit;
import dev.baton.core.os.Signal;

/**
 * Everything that happens to the supervisor, posted to its one queue from signal handlers,
 * the reaper, check threads, handover readers and timers. Only the loop thread reads a
 * {@link Generation}'s or a {@link NewBaton}'s fields; events just carry the reference.
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

    /** A check's state changed on the way ({@code http check: connection refused (attempt 5, 0.4 s)}). */
    record CheckProgress(Generation generation, String line) implements Event {
    }

    record HealthDeadline(Generation generation) implements Event {
    }

    record StopDelayOver(Generation generation) implements Event {
    }

    record StopTimedOut(Generation generation) implements Event {
    }

    /** baton's controlling terminal hung up (TerminalHangup's watch). */
    record TerminalHungUp() implements Event {
    }

    /** A SIGHUP's grace in a terminal is over (TerminalHangup). */
    record HangupSettled() implements Event {
    }

    /** The backoff after the death of {@code dead}, the serving generation, is over: restart it. */
    record RestartDue(Generation dead) implements Event {
    }

    /** {@code failures} liveness attempts in a row failed, the last for {@code reason}. */
    record LivenessFailed(Generation generation, int failures, String reason) implements Event {
    }

    /** A streak of failed liveness attempts has ended. */
    record LivenessRecovered(Generation generation, int failures) implements Event {
    }

    /** A probation's time is over: the flip commits, unless it ended before. */
    record ProbationOver(Probation probation) implements Event {
    }

    /** {@code baton commit} ({@code commit}) or {@code baton rollback} over the control socket. */
    record ProbationEndRequested(boolean commit, ProbationReply reply) implements Event {
    }

    /** A {@code baton upgrade} over the control socket. */
    /** {@code baton upgrade --dry-run}: read the next config and answer; start nothing. */
    record DryRunRequested(java.util.function.Consumer<DryRun> answer) implements Event {
    }

    record UpgradeRequested(UpgradeReply reply) implements Event {
    }

    /** Old baton: a message from the new baton. */
    record NewBatonMessage(NewBaton newBaton, Message message) implements Event {
    }

    record NewBatonEof(NewBaton newBaton) implements Event {
    }

    record NewBatonExited(NewBaton newBaton, ChildExit exit) implements Event {
    }

    record NewBatonDeadline(NewBaton newBaton) implements Event {
    }

    /** A hook's run ended, as {@code result} says (its output has been logged). */
    record HookEnded(HookRun run, HookRun.Result result) implements Event {
    }

    /** New baton: a message from the old baton. */
    record OldBatonMessage(Message message) implements Event {
    }

    record OldBatonEof() implements Event {
    }
}
