package dev.baton.core.supervisor;

import dev.baton.core.os.Os;
import dev.baton.core.os.Signal;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Tells a terminal's hangup from an upgrade request. Both arrive as SIGHUP. A hangup comes with
 * the loss of baton's controlling terminal: then a baton started in a terminal stops, as a shell's
 * job would, and one started with SIGHUP ignored ({@code nohup}; {@link BatonEnvironment#ignoresHangups},
 * which re-exec flips carry on) drops the signal. A baton that never had a terminal (systemd,
 * containers) takes every SIGHUP as what the config says, at once.
 *
 * <p>Terminal emulators and tmux send SIGHUP to the foreground job just before they close the
 * terminal, so a SIGHUP that finds the terminal still there is judged {@link #GRACE} later, or as
 * soon as the terminal hangs up. A new baton gets no SIGHUP from the shell at all (it is in no job
 * table once the old baton has exited), so a baton with a terminal also watches it
 * ({@link Os#watchTerminal}: one thread blocked in poll(2)), which posts {@link Event.TerminalHungUp}.
 * Loop thread only, but for the watch and the timer, which only post events.
 */
final class TerminalHangup {
    /** How long a SIGHUP in a terminal waits for the hangup that may follow it. */
    static final Duration GRACE = Duration.ofMillis(250);

    enum Verdict {
        /** Not a hangup: the signal means what the config says. */
        NONE,
        /** The terminal hung up: stop. */
        STOP,
        /** The terminal hung up, and baton was started to survive that: drop the signal. */
        IGNORE,
        /** Judged later ({@link #settled}), when {@link Event.HangupSettled} comes. */
        LATER
    }

    private final Os os;
    private final Scheduler scheduler;
    private final boolean ignore;
    private final boolean hadTerminal;
    private Scheduler.Cancellable timer = Scheduler.Cancellable.NONE;

    TerminalHangup(Os os, Scheduler scheduler, boolean ignore) {
        this.os = os;
        this.scheduler = scheduler;
        this.ignore = ignore;
        this.hadTerminal = os.controllingTerminal() != 0;
    }

    /** Watches the terminal, if baton has one. */
    void watch(Consumer<Event> post) {
        if (hadTerminal) {
            os.watchTerminal(() -> post.accept(new Event.TerminalHungUp()));
        }
    }

    /** A signal arrived: is it a hangup, or may it be one? */
    Verdict on(Signal signal, Consumer<Event> post) {
        if (signal != Signal.HUP || !hadTerminal) {
            return Verdict.NONE;
        }
        if (os.controllingTerminal() == 0) {
            return lost();
        }
        timer.cancel();
        timer = scheduler.schedule(GRACE, () -> post.accept(new Event.HangupSettled()));
        return Verdict.LATER;
    }

    /** The grace of a SIGHUP is over, or the terminal hung up: STOP/IGNORE if it is gone, else NONE. */
    Verdict settled(Event event) {
        boolean pending = timer != Scheduler.Cancellable.NONE;
        timer.cancel();
        timer = Scheduler.Cancellable.NONE;
        if (event instanceof Event.TerminalHungUp || os.controllingTerminal() == 0) {
            return lost();
        }
        return pending ? Verdict.NONE : Verdict.IGNORE;
    }

    private Verdict lost() {
        return ignore ? Verdict.IGNORE : Verdict.STOP;
    }
}
