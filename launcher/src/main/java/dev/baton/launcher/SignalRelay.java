package dev.baton.launcher;

import dev.baton.core.os.Signal;
import dev.baton.core.os.linux.SignalDispositions;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Catches the signals baton handles and passes them to the supervisor. Installed first thing;
 * signals that arrive before the supervisor exists are kept and delivered once it does.
 *
 * <p>Handled: HUP INT TERM USR1 USR2 WINCH TTIN TTOU CONT TSTP ALRM PWR. QUIT stays the JVM's
 * (thread dump to stderr); it is not forwarded.
 */
final class SignalRelay {
    static final List<Signal> HANDLED = List.of(Signal.HUP, Signal.INT, Signal.TERM, Signal.USR1, Signal.USR2,
            Signal.WINCH, Signal.TTIN, Signal.TTOU, Signal.CONT, Signal.TSTP, Signal.ALRM, Signal.PWR);

    private final List<Signal> pending = new ArrayList<>();
    private Consumer<Signal> target;

    /** Installs JVM handlers for every handled signal. Needs no native code, so it is quick. */
    void install() {
        for (Signal s : HANDLED) {
            handle(s);
        }
    }

    /**
     * Signals ignored when baton started ({@code nohup}, {@code cmd &}) got no JVM handler:
     * set them back to default and install the handler again.
     *
     * @return true if SIGHUP was one of them: baton was started to survive its terminal's hangup
     */
    boolean resetInheritedIgnores() {
        boolean hup = false;
        for (Signal s : HANDLED) {
            if (SignalDispositions.resetIfIgnored(s.number())) {
                handle(s);
                hup |= s == Signal.HUP;
            }
        }
        return hup;
    }

    private void handle(Signal s) {
        sun.misc.Signal.handle(new sun.misc.Signal(s.name()), sig -> deliver(s));
    }

    private synchronized void deliver(Signal s) {
        if (target == null) {
            pending.add(s);
        } else {
            target.accept(s);
        }
    }

    synchronized void attach(Consumer<Signal> consumer) {
        target = consumer;
        pending.forEach(consumer);
        pending.clear();
    }
}
