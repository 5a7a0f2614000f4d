package dev.baton.core.supervisor;

import dev.baton.core.spi.Durations;
import dev.baton.core.os.Os;
import dev.baton.core.os.Signal;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a generation is stopped: {@code shutdown.delay} (when asked for), then
 * {@code shutdown.signal} to its process group, then SIGKILL if the group still runs after
 * {@code shutdown.timeout}; and how other signals reach the children. Its timers post events,
 * which the loop hands back to {@link #onDelayOver} and {@link #onTimedOut}. Each step is recorded
 * in {@link Generation#stop}, so a step asked for twice happens once; a generation being stopped
 * no longer serves, so its liveness run ends. Loop thread only.
 */
final class Stopper {
    private final Os os;
    private final Scheduler scheduler;
    private final Consumer<Event> post;

    private Consumer<Generation> signalled = g -> { };

    Stopper(Os os, Scheduler scheduler, Consumer<Event> post) {
        this.os = os;
        this.scheduler = scheduler;
        this.post = post;
    }

    /** Starts stopping {@code g}; {@code withDelay}: after shutdown.delay (a generation that served). */
    void begin(Generation g, boolean withDelay) {
        g.cancelLiveness();
        if (g.gone || g.stop == Generation.Stop.SIGNALLED || g.stop == Generation.Stop.KILLED) {
            return;
        }
        if (g.stop == Generation.Stop.DELAYING) {
            if (!withDelay) {
                g.stopTimer.cancel();
                signal(g);
            }
            return;
        }
        Duration delay = g.config.shutdown().delay();
        if (withDelay && !delay.isZero()) {
            g.stop = Generation.Stop.DELAYING;
            g.stopTimer = scheduler.schedule(delay, () -> post.accept(new Event.StopDelayOver(g)));
        } else {
            signal(g);
        }
    }

    void onDelayOver(Generation g) {
        if (g.stop == Generation.Stop.DELAYING && !g.gone) {
            signal(g);
        }
    }

    void onTimedOut(Generation g) {
        if (g.stop == Generation.Stop.SIGNALLED && !g.gone) {
            Lifecycle.warn(g, "process group still running " + Durations.format(g.config.shutdown().timeout())
                    + " after " + g.config.shutdown().signal().fullName() + "; sending SIGKILL");
            kill(g);
        }
    }

    /** SIGKILL to the group at once: a generation that never served, or one past its timeout. */
    void kill(Generation g) {
        g.stop = Generation.Stop.KILLED;
        g.stopTimer.cancel();
        os.signalGroup(g.pid(), Signal.KILL);
    }

    /** Its group is empty: no timer of its may fire any more. */
    void gone(Generation g) {
        g.gone = true;
        g.stopTimer.cancel();
    }

    /**
     * A signal that is not baton's own to act on: TSTP and CONT reach every live generation (and
     * TSTP then stops baton too, as a shell's job would stop), anything else the serving child.
     */
    void forward(Signal signal, Generation serving, List<Generation> live) {
        if (signal == Signal.TSTP || signal == Signal.CONT) {
            for (Generation g : live) {
                os.signalGroup(g.pid(), signal);
            }
            if (signal == Signal.TSTP) {
                os.stopSelf();
            }
        } else if (serving != null && !serving.gone) {
            serving.forwarded.add(signal);
            os.signalGroup(serving.pid(), signal);
        }
    }

    /** baton stops: every live generation is stopped now, without shutdown.delay, and its check no longer matters. */
    void stopAll(List<Generation> live) {
        for (Generation g : live) {
            g.deadline.cancel();
            g.cancelCheck();
            begin(g, false);
        }
    }

    /** Told of each generation as it is signalled to stop (the flip record's "old child signalled"). */
    void onSignalled(Consumer<Generation> hook) {
        signalled = hook;
    }

    private void signal(Generation g) {
        g.stop = Generation.Stop.SIGNALLED;
        signalled.accept(g);
        Signal signal = g.config.shutdown().signal();
        os.signalGroup(g.pid(), signal);
        if (signal != Signal.KILL) {
            g.stopTimer = scheduler.schedule(g.config.shutdown().timeout(),
                    () -> post.accept(new Event.StopTimedOut(g)));
        } else {
            g.stop = Generation.Stop.KILLED;
        }
    }
}
