package dev.baton.core.notify;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.os.ChildExit;
import dev.baton.core.spi.Durations;
import dev.baton.core.supervisor.SupervisorListener;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Tells systemd what baton is doing (README, "Running under systemd"):
 * READY=1 when the first child is healthy; RELOADING=1 with MONOTONIC_USEC when a flip starts;
 * READY=1 again when a flip ends, whether it worked or not; from a new baton, MAINPID= then READY=1
 * once the old baton accepted the handover (the pidfile is already renamed by then); STOPPING=1 at
 * shutdown; STATUS= with every change. Called on the supervisor loop thread.
 */
public final class SystemdReporter implements SupervisorListener {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final Notifier notifier;
    private final long ownPid;
    private final boolean successor;
    private long generation;
    private long childPid;
    private String lastFlip = "none yet";
    /** Read by the watchdog thread: baton is the main process and its child serves. */
    private volatile boolean serving;

    /** @param successor true for a new baton of a re-exec flip: it is not the main process until the handover */
    public SystemdReporter(Notifier notifier, long ownPid, boolean successor) {
        this.notifier = notifier;
        this.ownPid = ownPid;
        this.successor = successor;
    }

    String status() {
        return "STATUS=generation " + generation + ", child pid " + childPid + ", last flip: " + lastFlip;
    }

    @Override
    public void ready(long generation, long childPid) {
        this.generation = generation;
        this.childPid = childPid;
        if (!successor) {
            serving = true;
            notifier.send("READY=1\n" + status());
        }
    }

    @Override
    public void flipStarted(long nextGeneration) {
        notifier.send("RELOADING=1\nMONOTONIC_USEC=" + (System.nanoTime() / 1000) + "\nSTATUS=flip to generation "
                + nextGeneration + " in progress; generation " + generation + " serving");
    }

    @Override
    public void flipEnded(long flipGeneration, String failure) {
        if (failure == null) {
            lastFlip = "generation " + flipGeneration + " took over at " + LocalTime.now().format(CLOCK);
        } else {
            lastFlip = "failed at " + LocalTime.now().format(CLOCK) + ": " + failure;
        }
        notifier.send("READY=1\n" + status());
    }

    @Override
    public void tookOver(long generation, long childPid) {
        this.generation = generation;
        this.childPid = childPid;
        lastFlip = "generation " + generation + " took over at " + LocalTime.now().format(CLOCK);
        notifier.send("MAINPID=" + ownPid + "\nREADY=1\n" + status());
        serving = true;
    }

    /**
     * systemd (252 at least) marks a main pid that is not its child as "alien": on stop it then
     * does not wait for it and SIGKILLs the unit, and it misses its exit. This baton announced
     * MAINPID= while still the old baton's child. Now that systemd adopted it, announce it again;
     * systemd only re-checks when the pid changes, so name a placeholder (baton's guard, alive, in
     * the unit) for an instant first.
     */
    @Override
    public void oldBatonGone(long placeholderPid) {
        if (successor && placeholderPid > 0) {
            notifier.send("MAINPID=" + placeholderPid);
            notifier.send("MAINPID=" + ownPid);
        }
    }

    @Override
    public void handedOver(long newBatonPid) {
        serving = false; // the new baton is the main process now, and keeps the watchdog fed
    }

    @Override
    public void servingChanged(long generation, long childPid) {
        this.generation = generation;
        this.childPid = childPid;
    }

    /** Restart in place: baton stays READY (it still holds the sockets); STATUS= says what happens. */
    @Override
    public void restarting(long nextGeneration, ChildExit exit, Duration backoff) {
        notifier.send("STATUS=child " + exit.describe() + "; restarting as generation " + nextGeneration + " in "
                + Durations.format(backoff));
    }

    @Override
    public void restartEnded(long restartGeneration, String failure) {
        if (failure == null) {
            notifier.send(status());
        }
    }

    @Override
    public void stopping() {
        serving = false;
        notifier.send("STOPPING=1\nSTATUS=stopping generation " + generation);
    }

    @Override
    public void configApplied(BatonConfig config) {
    }

    /** From a child under the notify check: more time (EXTEND_TIMEOUT_USEC) makes sense to pass on. */
    @Override
    public void forwardNotification(String message) {
        if (message.startsWith("EXTEND_TIMEOUT_USEC=")) {
            notifier.send(message);
        }
    }

    /**
     * With {@code WatchdogSec=} (WATCHDOG_USEC set, and WATCHDOG_PID unset or naming this baton or
     * its predecessor), sends WATCHDOG=1 every half period while baton serves.
     */
    public void startWatchdog(Map<String, String> env) {
        long usec;
        try {
            usec = Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0"));
        } catch (NumberFormatException e) {
            return;
        }
        if (usec <= 0 || !notifier.enabled()) {
            return;
        }
        long periodMillis = Math.max(1, usec / 2000);
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
                if (serving) {
                    notifier.send("WATCHDOG=1");
                }
            }
        }, "baton-watchdog");
        t.setDaemon(true);
        t.start();
    }
}
