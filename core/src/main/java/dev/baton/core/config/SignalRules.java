package dev.baton.core.config;

import dev.baton.core.os.Signal;

import java.util.EnumSet;
import java.util.Set;

/** Which signals may be used for what, and why the others can't. */
public final class SignalRules {
    /** Signals baton can catch and that nothing else claims. */
    public static final Set<Signal> UPGRADE = EnumSet.of(Signal.HUP, Signal.USR1, Signal.USR2, Signal.WINCH,
            Signal.ALRM, Signal.PWR);
    /** Signals that end or ask a process to end. */
    public static final Set<Signal> SHUTDOWN = EnumSet.of(Signal.TERM, Signal.INT, Signal.QUIT, Signal.HUP,
            Signal.USR1, Signal.USR2, Signal.WINCH, Signal.ALRM, Signal.PWR, Signal.KILL);

    private SignalRules() {
    }

    static String why(Signal s, Set<Signal> allowed) {
        if (allowed == SHUTDOWN && (s == Signal.STOP || s == Signal.TSTP || s == Signal.TTIN || s == Signal.TTOU)) {
            return " (it pauses a process instead of ending it)";
        }
        if (allowed == SHUTDOWN && s == Signal.CONT) {
            return " (it does not end a process)";
        }
        return switch (s) {
            case KILL, STOP -> " (it can't be caught)";
            case TERM, INT -> " (it stops baton)";
            case QUIT -> " (the JVM keeps SIGQUIT for thread dumps)";
            case TSTP, CONT, TTIN, TTOU -> " (job control: it stops or resumes processes)";
            case CHLD, PIPE, SEGV, BUS, FPE, ILL, TRAP, ABRT, SYS -> " (the runtime needs it)";
            default -> "";
        };
    }
}
