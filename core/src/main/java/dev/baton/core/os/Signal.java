package dev.baton.core.os;

import java.util.Locale;
import java.util.Optional;

/** Linux signal numbers (x86_64 and aarch64 share them). */
public enum Signal {
    HUP(1), INT(2), QUIT(3), ILL(4), TRAP(5), ABRT(6), BUS(7), FPE(8), KILL(9), USR1(10),
    SEGV(11), USR2(12), PIPE(13), ALRM(14), TERM(15), STKFLT(16), CHLD(17), CONT(18), STOP(19),
    TSTP(20), TTIN(21), TTOU(22), URG(23), XCPU(24), XFSZ(25), VTALRM(26), PROF(27), WINCH(28),
    IO(29), PWR(30), SYS(31);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** The conventional name, e.g. {@code SIGTERM}. */
    public String fullName() {
        return "SIG" + name();
    }

    /** Parses {@code SIGHUP}, {@code HUP} or {@code hup}. */
    public static Optional<Signal> parse(String text) {
        String upper = text.trim().toUpperCase(Locale.ROOT);
        if (upper.startsWith("SIG")) {
            upper = upper.substring(3);
        }
        for (Signal s : values()) {
            if (s.name().equals(upper)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static Optional<Signal> of(int number) {
        for (Signal s : values()) {
            if (s.number == number) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** {@code SIGTERM}, or {@code signal 40} for numbers without a name. */
    public static String describe(int number) {
        return of(number).map(Signal::fullName).orElse("signal " + number);
    }
}
