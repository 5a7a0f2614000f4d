package dev.baton.core.supervisor;

import dev.baton.core.config.UpgradeConfig;
import dev.baton.core.os.FdLayout;
import dev.baton.core.handover.HandoverEnv;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Message;
import dev.baton.core.handover.Relaunch;
import dev.baton.core.listen.HeldListeners;
import dev.baton.core.os.ChildExit;
import dev.baton.core.os.Identity;
import dev.baton.core.os.NewBatonProcess;
import dev.baton.core.os.Os;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnException;
import dev.baton.core.os.SpawnSpec;
import dev.baton.core.spi.Durations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The old baton's side of a re-exec flip (README, "How a flip works"): it starts a new baton
 * through the launcher, with the handover socket, the control socket and every held listener, and
 * reads what the new baton says. HELLO moves its deadline to the new config's timeout; READY is
 * answered with ACK, and from then on the new baton is in charge; FAIL, an exit, a closed channel
 * or the deadline end the flip as failed, and the new baton is killed if it still runs. With
 * {@code upgrade.probation} this baton speaks protocol 2: READY is answered with PROBATION, this
 * baton stays in charge, and ACK follows when the probation passes; a ROLLBACK either way, or the
 * new baton's exit before, ends the flip as rolled back. The loop gets a {@link Verdict} for what
 * it must do about it. Loop thread only.
 */
final class ToNewBaton {
    /** What the loop must do after the new baton's news. */
    sealed interface Verdict {
        Verdict NONE = new None();

        record None() implements Verdict {
        }

        /** READY, answered with ACK (logged, and told the listener): the new baton is in charge; stop this baton's generation. */
        record TookOver(Message.Ready ready) implements Verdict {
        }

        /** READY, answered with PROBATION: the new generation serves on probation until {@code until}. */
        record OnProbation(Message.Ready ready, java.time.Instant until) implements Verdict {
        }

        /** An upgrade signal reached the new baton on probation: a flip for this baton to queue. */
        record Upgrade() implements Verdict {
        }

        /**
         * The new baton is gone before it took over: the flip failed, for {@code reason};
         * {@code invalidConfig}: it exited 78, having found the config invalid.
         */
        record Failed(long generation, String reason, boolean invalidConfig) implements Verdict {
        }

        /** The new baton was told to stop (it got TERM): so is this baton. */
        record Stop() implements Verdict {
        }
    }

    private final Os os;
    private final Scheduler scheduler;
    private final Map<String, String> originalEnv;
    private final HeldListeners listeners;
    private final HandoverSetup handover;
    private final SupervisorListener listener;
    private final Consumer<Event> post;
    private NewBaton newBaton;
    private UpgradeConfig servingUpgrade;
    private boolean handedOver;
    /** The handover protocol the new baton was given: with probation, or without. */
    private int protocol;
    /** The new baton's probation, from READY until ACK or a rollback; null otherwise. */
    private Probation probation;
    private final FlipClock clock;

    ToNewBaton(Os os, Scheduler scheduler, Map<String, String> originalEnv, HeldListeners listeners,
            HandoverSetup handover, SupervisorListener listener, Consumer<Event> post, FlipClock clock) {
        this.clock = clock;
        this.os = os;
        this.scheduler = scheduler;
        this.originalEnv = originalEnv;
        this.listeners = listeners;
        this.handover = handover;
        this.listener = listener;
        this.post = post;
    }

    /**
     * Starts the new baton of generation {@code next}; {@code serving} is the upgrade settings of
     * the generation in charge, {@code maxDraining} its shutdown.max_draining (above 0: after the
     * takeover this baton drains in the background, and says so in protocol 3's DRAINING), {@code
     * why} a re-exec (for the log line). Empty if it started, or if no flip could begin (baton was not
     * started through its launcher: logged, and {@link #inProgress} stays false); else why the flip
     * failed at once.
     */
    Optional<String> start(long next, UpgradeConfig serving, int maxDraining, String why) {
        Relaunch relaunch = handover.relaunch().orElse(null);
        if (relaunch == null) {
            Lifecycle.warn(next, "flip refused: re-exec needs baton started through bin/baton (BATON_LAUNCHER is not"
                    + " set); use upgrade.mode: inplace");
            return Optional.empty();
        }
        Lifecycle.info(next, "flip initiated: starting a new baton through " + relaunch.launcher() + " (" + why + ")");
        listener.flipStarted(next);
        int controlFd = handover.controlFd();
        Map<String, String> env = new LinkedHashMap<>(originalEnv);
        HandoverEnv.strip(env);
        protocol = maxDraining > 0 ? Message.PROTOCOL
                : serving.probation().isZero() ? Message.WITHOUT_PROBATION : Message.WITH_PROBATION;
        List<Integer> held = listeners.all().stream().map(HeldListeners.Held::fd).toList();
        int metricsFd = handover.metricsFd(); // the metrics listener goes after the listeners
        env.putAll(HandoverEnv.forNewBaton(protocol, next, controlFd >= 0, listeners.describeForNewBaton(),
                metricsFd >= 0 ? FdLayout.metricsForNewBaton(held.size()) : -1));
        SpawnSpec spec = new SpawnSpec(relaunch.launcher(), relaunch.argv(), env, relaunch.workdir(), Identity.INHERIT,
                false, FdLayout.forNewBaton(controlFd, held, metricsFd), false);
        NewBatonProcess started;
        try {
            started = os.spawnNewBaton(spec, FdLayout.HANDOVER);
        } catch (SpawnException e) {
            return Optional.of("cannot start the new baton: " + e.getMessage());
        } catch (RuntimeException e) {
            return Optional.of("cannot start the new baton: " + e);
        }
        clock.mark(FlipRecord.Phase.NEW_BATON_STARTED, " (pid " + started.process().pid() + ")");
        NewBaton nb = new NewBaton(next, started, scheduler.nanoTime());
        newBaton = nb;
        servingUpgrade = serving;
        started.process().exit().thenAccept(exit -> post.accept(new Event.NewBatonExited(nb, exit)));
        started.channel().start(line -> Message.parse(line).ifPresent(m -> post.accept(new Event.NewBatonMessage(nb, m))),
                () -> post.accept(new Event.NewBatonEof(nb)));
        scheduleDeadline(nb, serving.timeout());
        return Optional.empty();
    }

    /** A flip by re-exec is in progress (or handed over, until this baton exits). */
    boolean inProgress() {
        return newBaton != null;
    }

    /** The new baton took over; this baton is stopping its own generation and will exit 0. */
    boolean handedOver() {
        return handedOver;
    }

    /** Nothing of the new baton keeps this baton from exiting: none, gone, or in charge. */
    boolean settled() {
        return newBaton == null || newBaton.exited() || handedOver;
    }

    /** {@code p} (null: any) is the new baton's probation, which still runs. */
    boolean onProbation(Probation p) {
        return probation != null && (p == null || p == probation);
    }

    /** The probation passed ({@code how}): ACK, and the new baton is in charge. */
    Verdict commit(Generation serving, String how) {
        probation.end();
        probation = null;
        return takeOver(newBaton, newBaton.said, serving, " (" + how + ")");
    }

    /** {@code baton rollback} ({@code why}): the new baton is told ROLLBACK; the flip fails once it has exited. */
    void rollBack(Generation serving, String why) {
        NewBaton nb = newBaton;
        rolledBack(nb, why, serving);
        nb.send(new Message.Rollback(why));
    }

    private void rolledBack(NewBaton nb, String why, Generation serving) {
        String reason = probation.rolledBack(why);
        probation.end();
        probation = null;
        fail(nb, reason, false, serving);
        // it stops its child and exits; if it does not within its child's stop timeout, it is killed
        nb.deadline = scheduler.schedule(serving.config.shutdown().timeout().plus(servingUpgrade.startAllowance()),
                () -> post.accept(new Event.NewBatonDeadline(nb)));
    }

    /**
     * After the takeover, under protocol 3: this baton drains in the background, and the new baton
     * is in charge of further flips meanwhile.
     */
    boolean drainsInBackground() {
        return handedOver && protocol >= Message.PROTOCOL;
    }

    /**
     * Tells the new baton what still drains here and in the batons before this one (protocol 3,
     * after the takeover, while the new baton runs); the loop calls it whenever that changes.
     */
    void tellDraining(List<String> generations) {
        if (drainsInBackground() && newBaton != null && !newBaton.exited()) {
            newBaton.send(new Message.Draining(generations));
        }
    }

    /** A new baton runs that may still take over (no failure yet). */
    boolean mayTakeOver() {
        return newBaton != null && !newBaton.failed();
    }

    long newBatonPid() {
        return newBaton.pid();
    }

    /** This baton got TERM or INT: the new baton, if it still runs, stops too. */
    void stop() {
        if (newBaton != null && !newBaton.exited()) {
            newBaton.send(new Message.Stop());
        }
    }

    /** An upgrade signal reached this baton after the handover: the new baton queues the flip. */
    void passUpgrade() {
        newBaton.send(new Message.Upgrade());
    }

    /** The event is the new baton's ({@code Event.NewBaton*}): what it means for the flip. */
    Verdict on(Event event, boolean stopping, Generation serving) {
        if (event instanceof Event.NewBatonMessage e) {
            return onMessage(e.newBaton(), e.message(), stopping, serving);
        } else if (event instanceof Event.NewBatonExited e) {
            return onExited(e.newBaton(), e.exit(), stopping, serving);
        } else if (event instanceof Event.NewBatonEof e) {
            onEof(e.newBaton());
        } else if (event instanceof Event.NewBatonDeadline e) {
            onDeadline(e.newBaton(), stopping, serving);
        }
        return Verdict.NONE;
    }

    /** @param stopping this baton is shutting down: a READY comes too late */
    Verdict onMessage(NewBaton nb, Message message, boolean stopping, Generation serving) {
        if (nb != newBaton || nb.exited()) {
            return Verdict.NONE;
        }
        if (message instanceof Message.Hello hello) {
            clock.mark(FlipRecord.Phase.CONFIG_READ);
            Lifecycle.info(nb.generation, "new baton pid " + hello.pid() + " (" + hello.version()
                    + ") read its config; starting its child");
            scheduleDeadline(nb, Duration.ofMillis(hello.timeoutMillis()));
        } else if (message instanceof Message.Ready ready) {
            if (nb.failed() || nb.ready || stopping) {
                return Verdict.NONE;
            }
            nb.ready = true;
            nb.said = ready;
            clock.mark(FlipRecord.Phase.HEALTHY);
            clock.child(ready.childPid());
            nb.deadline.cancel();
            if (protocol >= Message.WITH_PROBATION && !servingUpgrade.probation().isZero()) {
                Duration length = servingUpgrade.probation();
                probation = Probation.begin(scheduler, length, post);
                nb.send(new Message.Probation(length.toMillis()));
                Lifecycle.info(nb.generation, "new baton pid " + ready.pid() + " ready (child pid " + ready.childPid()
                        + "); on probation for " + Durations.format(length) + " beside generation " + serving.number);
                return new Verdict.OnProbation(ready, probation.until());
            }
            return takeOver(nb, ready, serving, "");
        } else if (message instanceof Message.Rollback rollback) {
            if (onProbation(null)) {
                rolledBack(nb, rollback.reason(), serving);
            }
        } else if (message instanceof Message.Upgrade && onProbation(null)) {
            return new Verdict.Upgrade();
        } else if (message instanceof Message.Fail fail) {
            if (!nb.ready && !nb.failed()) {
                fail(nb, fail.reason(), stopping, serving);
            }
        } else if (message instanceof Message.Stop) {
            return new Verdict.Stop();
        }
        return Verdict.NONE;
    }

    private Verdict takeOver(NewBaton nb, Message.Ready ready, Generation serving, String how) {
        nb.send(new Message.Ack());
        handedOver = true;
        Lifecycle.info(serving, "flip completed: new baton pid " + ready.pid() + " (generation " + ready.generation()
                + ", child pid " + ready.childPid() + ") took over" + how + "; stopping generation " + serving.number);
        listener.handedOver(ready.pid());
        return new Verdict.TookOver(ready);
    }

    /**
     * It closed the handover before ACK: whatever it is doing now, it is not taking over. One that
     * said FAIL is exiting by itself (its exit status says if the config was invalid: 78), within
     * the deadline that still runs; any other is killed now.
     */
    void onEof(NewBaton nb) {
        if (nb == newBaton && !handedOver && !nb.exited() && !nb.failed()) {
            os.signal(nb.pid(), Signal.KILL);
        }
    }

    void onDeadline(NewBaton nb, boolean stopping, Generation serving) {
        if (nb != newBaton || handedOver || nb.exited() || (nb.ready && !nb.failed())) {
            return;
        }
        if (!nb.failed()) {
            fail(nb, "new baton pid " + nb.pid() + " not ready within the deadline; killed", stopping, serving);
        }
        os.signal(nb.pid(), Signal.KILL);
    }

    Verdict onExited(NewBaton nb, ChildExit exit, boolean stopping, Generation serving) {
        nb.exit = exit;
        nb.deadline.cancel();
        if (nb != newBaton) {
            return Verdict.NONE;
        }
        if (handedOver) {
            if (!stopping) {
                Lifecycle.warn(serving, "the new baton pid " + nb.pid() + " " + exit.describe() + " after taking over");
            }
            return Verdict.NONE;
        }
        if (onProbation(null)) {
            String why = probation.rolledBack("new baton " + exit.describe());
            probation.end();
            probation = null;
            fail(nb, why, stopping, serving);
        } else if (!nb.failed()) {
            fail(nb, "new baton " + exit.describe() + " before it was ready", stopping, serving);
        }
        nb.process.channel().close();
        newBaton = null;
        boolean invalid = exit instanceof ChildExit.Exited e && e.code() == ExitCodes.CONFIG;
        return new Verdict.Failed(nb.generation, nb.failure, invalid);
    }

    private void fail(NewBaton nb, String reason, boolean stopping, Generation serving) {
        nb.failure = reason;
        if (!stopping) {
            Lifecycle.warn(nb.generation, "flip failed: " + reason + "; generation " + serving.number
                    + " keeps serving");
        }
    }

    /** The new baton must be READY within start_allowance plus the larger upgrade.timeout. */
    private void scheduleDeadline(NewBaton nb, Duration newTimeout) {
        long budget = saturatedAdd(nanos(servingUpgrade.startAllowance()),
                Math.max(nanos(servingUpgrade.timeout()), nanos(newTimeout)));
        long left = saturatedAdd(nb.startNanos - scheduler.nanoTime(), budget);
        nb.deadline.cancel();
        nb.deadline = scheduler.schedule(Duration.ofNanos(Math.max(0, left)),
                () -> post.accept(new Event.NewBatonDeadline(nb)));
    }

    /** A duration in nanoseconds, saturating at Long.MAX_VALUE (about 292 years). */
    private static long nanos(Duration d) {
        try {
            return Math.max(0, d.toNanos());
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }
}
