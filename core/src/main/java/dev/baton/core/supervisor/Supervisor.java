package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.spi.Command;
import dev.baton.core.config.ConfigException;
import dev.baton.core.spi.Durations;
import dev.baton.core.config.UpgradeMode;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.ChildLaunch;
import dev.baton.core.spi.NotifySocket;
import dev.baton.core.health.HealthCheck;
import dev.baton.core.handover.HandoverEnv;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Message;
import dev.baton.core.handover.Relaunch;
import dev.baton.core.spi.ProbeResult;
import dev.baton.core.listen.HeldListeners;
import dev.baton.core.listen.ListenAddress;
import dev.baton.core.listen.ListenerConfig;
import dev.baton.core.listen.ListenerProtocol;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.ChildExit;
import dev.baton.core.os.ChildProcess;
import dev.baton.core.os.Identity;
import dev.baton.core.os.LineChannel;
import dev.baton.core.os.Os;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnException;
import dev.baton.core.os.SpawnSpec;
import dev.baton.core.os.Successor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Supervises one child and flips it, in place or by re-exec. All state is owned by the thread that
 * calls {@link #run}; signal handlers, the reaper, check threads, handover readers and timers only
 * post {@link Event}s.
 *
 * <p>Generations: {@code current} serves (or is starting, before {@code ready}); during a flip
 * {@code candidate} is the new one under its health check; after a takeover the old one is
 * {@code retiring} until its process group is empty. A flip ends when the retiring group is
 * gone, or when a failed candidate's group is gone. At most one flip runs at a time; upgrade
 * signals during a flip (or during start) coalesce into one queued flip.
 *
 * <p>Re-exec flips (README, "How a flip works"): the old baton starts a {@link NewBaton} and
 * watches its handover channel; on READY it answers ACK, stops its own child and ends with
 * {@link Outcome.HandedOver}. A new baton has a {@code predecessor} channel: it sends HELLO, runs
 * its first child, sends READY once healthy, and counts the flip as ended at end of file after
 * ACK.
 */
public final class Supervisor {
    private final Os os;
    private final ConfigSource configs;
    private final Scheduler scheduler;
    private final BatonEnvironment environment;
    private final SupervisorListener listener;
    private final ProbeRunner probes;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HandoverSetup handover;
    private final HeldListeners listeners;
    /** Unix socket files of listeners a flip removed, deleted once the old generation is gone. */
    private List<Path> filesAfterFlip = List.of();

    private Generation current;
    private Generation candidate;
    private final List<Generation> retiring = new ArrayList<>();
    /** Every check thread that may not have closed its check yet; closed before baton exits. */
    private final List<CheckRun> checks = new ArrayList<>();
    private boolean ready;
    private boolean upgradeQueued;
    private boolean shuttingDown;
    private Outcome failure;
    private Outcome outcome;
    private final Pidfile pidfile;

    /** Old baton: the new baton of the re-exec flip in progress. */
    private NewBaton successor;
    /** Old baton: the new baton took over; this one is stopping its child and will exit 0. */
    private boolean handedOver;
    /** New baton: the channel to the old baton, until it is gone. */
    private LineChannel predecessor;
    private boolean predecessorAcked;
    /** The {@code baton upgrade} waiting for the flip in progress, if any. */
    private dev.baton.core.control.UpgradeReply waitingUpgrade;

    public Supervisor(Os os, ConfigSource configs, Scheduler scheduler, BatonEnvironment environment,
            SupervisorListener listener) {
        this(os, configs, scheduler, environment, listener, HandoverSetup.NONE);
    }

    public Supervisor(Os os, ConfigSource configs, Scheduler scheduler, BatonEnvironment environment,
            SupervisorListener listener, HandoverSetup handover) {
        this(os, configs, scheduler, environment, listener, handover, new HeldListeners(os));
    }

    /** @param listeners the sockets baton holds, with any it inherited already adopted */
    public Supervisor(Os os, ConfigSource configs, Scheduler scheduler, BatonEnvironment environment,
            SupervisorListener listener, HandoverSetup handover, HeldListeners listeners) {
        this.listeners = listeners;
        this.os = os;
        this.configs = configs;
        this.scheduler = scheduler;
        this.environment = environment;
        this.listener = listener;
        this.probes = new ProbeRunner(os);
        this.handover = handover;
        this.pidfile = new Pidfile(os);
    }

    /** Thread-safe: called from signal handlers. */
    public void signal(Signal signal) {
        events.add(new Event.SignalReceived(signal));
    }

    /** Thread-safe: a {@code baton upgrade} asks for a flip and waits for its outcome. */
    public void requestUpgrade(dev.baton.core.control.UpgradeReply reply) {
        events.add(new Event.UpgradeRequested(reply));
    }

    /** Starts the first generation and supervises until baton must exit. */
    public Outcome run(BatonConfig first) {
        start(first);
        try {
            while (outcome == null) {
                handle(events.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Fail(ExitCodes.SOFTWARE, "interrupted");
        }
        finish();
        return outcome;
    }

    // ---- test hooks: drive the loop one event at a time ----

    void start(BatonConfig first) {
        listener.configApplied(first);
        handover.predecessor().ifPresent(channel -> {
            predecessor = channel;
            channel.start(line -> Message.parse(line).ifPresent(m -> events.add(new Event.FromPredecessor(m))),
                    () -> events.add(new Event.PredecessorEof()));
            channel.send(new Message.Hello(os.pid(), handover.version(), first.upgrade().timeout().toMillis())
                    .format());
        });
        try {
            current = launch(first, first.generation());
        } catch (SpawnException | ListenException | RuntimeException e) {
            String reason = e instanceof SpawnException || e instanceof ListenException ? e.getMessage()
                    : "cannot start child: " + e;
            Lifecycle.error(reason);
            tellPredecessor(new Message.Fail(reason));
            outcome = new Outcome.Fail(e instanceof ListenException ? ExitCodes.LISTEN_FAILED : ExitCodes.SPAWN_FAILED,
                    reason);
            return;
        }
        Lifecycle.info(current, "child started: " + first.command().argv().get(0));
        scheduleDeadline(current);
    }

    /** Handles one event if one arrives within {@code wait}; returns false if none did. */
    boolean step(Duration wait) throws InterruptedException {
        Event e = events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (e == null) {
            return false;
        }
        handle(e);
        return true;
    }

    Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    Generation current() {
        return current;
    }

    Generation candidate() {
        return candidate;
    }

    boolean ready() {
        return ready;
    }

    void finish() {
        for (CheckRun run : checks) {
            run.cancelAndAwaitClose(Duration.ofSeconds(2));
        }
        pidfile.remove();
        if (handedOver) {
            return; // the new baton holds the sockets now, files included
        }
        if (handover.predecessor().isPresent() && !predecessorAcked) {
            // a new baton that never took over leaves the old generation's sockets as they were
            if (current != null) {
                listeners.abandon(current.listeners);
            }
            return;
        }
        HeldListeners.removeFiles(filesAfterFlip);
        listeners.removeFiles();
    }

    // ---- the state machine ----

    private void handle(Event event) {
        if (event instanceof Event.SignalReceived e) {
            onSignal(e.signal());
        } else if (event instanceof Event.ChildExited e) {
            onChildExited(e.generation(), e.exit());
        } else if (event instanceof Event.GroupGone e) {
            onGroupGone(e.generation());
        } else if (event instanceof Event.CheckPassed e) {
            onCheckPassed(e.generation());
        } else if (event instanceof Event.CheckFailed e) {
            onUnhealthy(e.generation(), e.reason());
        } else if (event instanceof Event.HealthDeadline e) {
            onUnhealthy(e.generation(), "not healthy within "
                    + Durations.format(e.generation().config.upgrade().timeout())
                    + e.generation().check.lastFailure().map(last -> " (last: " + last + ")").orElse(""));
        } else if (event instanceof Event.StopDelayOver e) {
            if (e.generation().stop == Generation.Stop.DELAYING && !e.generation().gone) {
                sendStopSignal(e.generation());
            }
        } else if (event instanceof Event.UpgradeRequested e) {
            onUpgradeRequested(e.reply());
        } else if (event instanceof Event.FromSuccessor e) {
            onSuccessorMessage(e.successor(), e.message());
        } else if (event instanceof Event.SuccessorEof e) {
            onSuccessorEof(e.successor());
        } else if (event instanceof Event.SuccessorExited e) {
            onSuccessorExited(e.successor(), e.exit());
        } else if (event instanceof Event.SuccessorDeadline e) {
            onSuccessorDeadline(e.successor());
        } else if (event instanceof Event.FromPredecessor e) {
            onPredecessorMessage(e.message());
        } else if (event instanceof Event.PredecessorEof) {
            onPredecessorEof();
        } else if (event instanceof Event.StopTimedOut e) {
            Generation g = e.generation();
            if (g.stop == Generation.Stop.SIGNALLED && !g.gone) {
                Lifecycle.warn(g, "process group still running " + Durations.format(g.config.shutdown().timeout())
                        + " after " + g.config.shutdown().signal().fullName() + "; sending SIGKILL");
                kill(g);
            }
        }
        if (outcome != null) {
            return;
        }
        if (shuttingDown && allGone()) {
            outcome = failure != null ? failure : new Outcome.Relay(current.exit);
        } else if (handedOver && !shuttingDown && current.gone) {
            Lifecycle.info(current, "stopped: child " + current.exit.describe() + "; exiting, the new baton (pid "
                    + successor.pid() + ") took over");
            outcome = new Outcome.HandedOver();
        }
    }

    private void onSignal(Signal signal) {
        if (outcome != null) {
            return;
        }
        if (signal == current.config.upgrade().signal()) {
            onUpgradeSignal();
            return;
        }
        switch (signal) {
            case TERM, INT -> {
                if (!shuttingDown) {
                    Lifecycle.info(current, "received " + signal.fullName() + "; stopping");
                    if (successor != null && !successor.exited()) {
                        successor.send(new Message.Stop());
                    }
                    tellPredecessor(new Message.Stop());
                    shutdown();
                }
            }
            case TSTP -> {
                forwardToAll(Signal.TSTP);
                os.stopSelf();
            }
            case CONT -> forwardToAll(Signal.CONT);
            default -> forward(current, signal);
        }
    }

    private void onUpgradeRequested(dev.baton.core.control.UpgradeReply reply) {
        if (outcome != null || shuttingDown || handedOver) {
            reply.busy(handedOver ? "this baton handed over; ask again" : "baton is stopping");
            return;
        }
        if (!ready || flipInProgress()) {
            reply.busy(ready ? "a flip is in progress" : "the first child is not ready yet");
            return;
        }
        waitingUpgrade = reply;
        startFlip();
        if (!flipInProgress() && waitingUpgrade == reply) {
            waitingUpgrade = null;
            reply.failed("the flip did not start (see baton's log)");
        }
    }

    /** Every end of a flip, success or failure, goes through here. */
    private void flipEnded(long generation, String failure) {
        listener.flipEnded(generation, failure);
        dev.baton.core.control.UpgradeReply reply = waitingUpgrade;
        waitingUpgrade = null;
        if (reply != null) {
            if (failure == null) {
                reply.succeeded(current.number, os.pid(), current.pid(), 0); // in place: no old baton
            } else {
                reply.failed(failure);
            }
        }
    }

    private void onUpgradeSignal() {
        if (shuttingDown) {
            return;
        }
        if (handedOver) {
            // the new baton is in charge: it queues this flip until this baton has exited
            successor.send(new Message.Upgrade());
            return;
        }
        if (!ready || flipInProgress()) {
            if (!upgradeQueued) {
                upgradeQueued = true;
                Lifecycle.info(current.number, "upgrade queued until the " + (ready ? "flip in progress ends"
                        : "first child is ready"));
            }
            return;
        }
        startFlip();
    }

    private boolean flipInProgress() {
        return candidate != null || !retiring.isEmpty() || successor != null || predecessor != null;
    }

    private void startFlip() {
        long next = current.number + 1;
        if (current.config.upgrade().mode() == UpgradeMode.REEXEC) {
            startReexec(next);
            return;
        }
        Lifecycle.info(next, "flip initiated");
        listener.flipStarted(next);
        BatonConfig config;
        try {
            config = configs.load(next);
        } catch (ConfigException e) {
            abortFlip(next, "config error: " + e.getMessage());
            return;
        }
        try {
            candidate = launch(config, next);
        } catch (SpawnException | ListenException e) {
            abortFlip(next, e.getMessage());
            return;
        } catch (RuntimeException e) {
            abortFlip(next, "cannot start the new child: " + e);
            return;
        }
        Lifecycle.info(candidate, "child started: " + config.command().argv().get(0));
        scheduleDeadline(candidate);
    }

    /** A flip that failed before any child was spawned: nothing to clean up. */
    private void abortFlip(long generation, String reason) {
        Lifecycle.warn(generation, "flip failed: " + reason + "; generation " + current.number + " keeps serving");
        flipEnded(generation, reason);
        afterFlip();
    }

    private void onCheckPassed(Generation g) {
        if (g.exit != null || g.failed || g.healthy || shuttingDown) {
            return;
        }
        g.healthy = true;
        g.deadline.cancel();
        g.check = null;
        if (g == current && !ready) {
            becomeReady();
        } else if (g == candidate) {
            takeOver(g);
        }
    }

    private void becomeReady() {
        try {
            pidfile.write(current.config.pidfile());
        } catch (IOException e) {
            String reason = "cannot write pidfile " + current.config.pidfile().orElseThrow() + ": " + e.getMessage();
            Lifecycle.error(reason);
            failure = new Outcome.Fail(ExitCodes.CANT_CREATE, reason);
            tellPredecessor(new Message.Fail(reason));
            shutdown();
            if (predecessor != null) {
                kill(current);
            }
            return;
        }
        ready = true;
        Lifecycle.info(current, "ready");
        if (predecessor != null) {
            predecessor.send(new Message.Ready(os.pid(), current.pid(), current.number).format());
        }
        listener.ready(current.number, current.pid());
        if (upgradeQueued && !flipInProgress()) {
            upgradeQueued = false;
            startFlip();
        }
    }

    private void takeOver(Generation g) {
        try {
            pidfile.write(g.config.pidfile());
        } catch (IOException e) {
            failCandidate(g, "cannot write pidfile " + g.config.pidfile().orElseThrow() + ": " + e.getMessage());
            return;
        }
        Generation old = current;
        current = g;
        candidate = null;
        HeldListeners.removeFiles(filesAfterFlip);
        filesAfterFlip = listeners.retainOnly(g.config.listeners());
        Lifecycle.info(g, "flip completed: generation " + g.number + " took over from generation " + old.number
                + " (pid " + old.pid() + ")");
        listener.configApplied(g.config);
        listener.servingChanged(g.number, g.pid());
        if (old.gone) {
            HeldListeners.removeFiles(filesAfterFlip);
            filesAfterFlip = List.of();
            flipEnded(g.number, null);
            afterFlip();
        } else {
            retiring.add(old);
            beginStop(old, true);
        }
    }

    private void onUnhealthy(Generation g, String reason) {
        if (g.healthy || g.exit != null || g.failed || shuttingDown) {
            return;
        }
        if (g == candidate) {
            failCandidate(g, reason);
        } else if (g == current && !ready) {
            Lifecycle.warn(g, "child " + reason + "; stopping");
            failure = new Outcome.Fail(ExitCodes.UNHEALTHY, "child " + reason);
            if (predecessor != null) {
                // a new baton's child never served: it goes at once, within the old baton's deadline
                tellPredecessor(new Message.Fail("new child " + reason));
                shutdown();
                kill(g);
            } else {
                shutdown();
            }
        }
    }

    /** The new generation failed: SIGKILL its group at once; it never served. */
    private void failCandidate(Generation g, String reason) {
        g.failed = true;
        g.failure = reason;
        g.deadline.cancel();
        cancelCheck(g);
        Lifecycle.warn(g, "flip failed: " + reason + "; generation " + current.number + " keeps serving");
        kill(g);
        listeners.abandon(g.listeners);
    }

    private void onChildExited(Generation g, ChildExit exit) {
        g.exit = exit;
        g.deadline.cancel();
        cancelCheck(g);
        if (g == current) {
            if (shuttingDown || handedOver) {
                Lifecycle.info(g, "child " + exit.describe());
            } else if (!ready) {
                Lifecycle.warn(g, "child " + exit.describe() + " before it was healthy");
                tellPredecessor(new Message.Fail("new child " + exit.describe() + " before it was healthy"));
                shutdown();
            } else if (candidate != null && !candidate.failed) {
                Lifecycle.warn(g, "child " + exit.describe() + " during a flip; waiting for generation "
                        + candidate.number);
                beginStop(g, false);
            } else if (successor != null && !successor.failed) {
                Lifecycle.warn(g, "child " + exit.describe() + " during a flip; waiting for the new baton");
                beginStop(g, false);
            } else {
                Lifecycle.warn(g, "child " + exit.describe());
                shutdown();
            }
        } else if (g == candidate && !g.failed && !shuttingDown) {
            failCandidate(g, "new child " + exit.describe() + " before it was healthy");
        }
    }

    private void onGroupGone(Generation g) {
        g.gone = true;
        g.stopTimer.cancel();
        if (g == candidate) {
            candidate = null;
            if (!shuttingDown) {
                flipEnded(g.number, g.failure);
                afterFlip();
            }
        } else if (retiring.remove(g)) {
            Lifecycle.info(g, "stopped: child " + (g.exit == null ? "gone" : g.exit.describe()));
            if (retiring.isEmpty()) {
                HeldListeners.removeFiles(filesAfterFlip);
                filesAfterFlip = List.of();
            }
            if (!shuttingDown && retiring.isEmpty()) {
                flipEnded(current.number, null);
                afterFlip();
            }
        }
    }

    /** A flip has ended: exit if the serving child died meanwhile, else run a queued flip. */
    private void afterFlip() {
        if (shuttingDown) {
            return;
        }
        if (current.exit != null) {
            shutdown();
            return;
        }
        if (upgradeQueued) {
            upgradeQueued = false;
            startFlip();
        }
    }

    private void shutdown() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        upgradeQueued = false;
        listener.stopping();
        if (waitingUpgrade != null) {
            waitingUpgrade.failed("baton is stopping");
            waitingUpgrade = null;
        }
        for (Generation g : live()) {
            g.deadline.cancel();
            cancelCheck(g);
            beginStop(g, false);
        }
    }

    private List<Generation> live() {
        List<Generation> all = new ArrayList<>();
        for (Generation g : new Generation[] {current, candidate}) {
            if (g != null && !g.gone) {
                all.add(g);
            }
        }
        for (Generation g : retiring) {
            if (!g.gone) {
                all.add(g);
            }
        }
        return all;
    }

    private boolean allGone() {
        return live().isEmpty() && (successor == null || successor.exited() || successor.ready);
    }

    private void beginStop(Generation g, boolean withDelay) {
        if (g.gone || g.stop == Generation.Stop.SIGNALLED || g.stop == Generation.Stop.KILLED) {
            return;
        }
        if (g.stop == Generation.Stop.DELAYING) {
            if (!withDelay) {
                g.stopTimer.cancel();
                sendStopSignal(g);
            }
            return;
        }
        Duration delay = g.config.shutdown().delay();
        if (withDelay && !delay.isZero()) {
            g.stop = Generation.Stop.DELAYING;
            g.stopTimer = scheduler.schedule(delay, () -> events.add(new Event.StopDelayOver(g)));
        } else {
            sendStopSignal(g);
        }
    }

    private void sendStopSignal(Generation g) {
        g.stop = Generation.Stop.SIGNALLED;
        Signal signal = g.config.shutdown().signal();
        os.signalGroup(g.pid(), signal);
        if (signal != Signal.KILL) {
            g.stopTimer = scheduler.schedule(g.config.shutdown().timeout(),
                    () -> events.add(new Event.StopTimedOut(g)));
        } else {
            g.stop = Generation.Stop.KILLED;
        }
    }

    private void kill(Generation g) {
        g.stop = Generation.Stop.KILLED;
        g.stopTimer.cancel();
        os.signalGroup(g.pid(), Signal.KILL);
    }

    private void forward(Generation g, Signal signal) {
        if (g != null && !g.gone) {
            os.signalGroup(g.pid(), signal);
        }
    }

    private void forwardToAll(Signal signal) {
        for (Generation g : live()) {
            os.signalGroup(g.pid(), signal);
        }
    }

    private void cancelCheck(Generation g) {
        if (g.check != null) {
            g.check.cancel();
            g.check = null;
        }
    }

    private void scheduleDeadline(Generation g) {
        g.deadline = scheduler.schedule(g.config.upgrade().timeout(), () -> events.add(new Event.HealthDeadline(g)));
    }

    // ---- re-exec flips, the old baton's side ----

    private void startReexec(long next) {
        Relaunch relaunch = handover.relaunch().orElse(null);
        if (relaunch == null) {
            Lifecycle.warn(next, "flip refused: re-exec needs baton started through bin/baton (BATON_LAUNCHER is not"
                    + " set); use upgrade.mode: inplace");
            return;
        }
        Lifecycle.info(next, "flip initiated: starting a new baton through " + relaunch.launcher());
        listener.flipStarted(next);
        Map<String, String> env = new LinkedHashMap<>(environment.original());
        HandoverEnv.strip(env);
        env.putAll(HandoverEnv.forSuccessor(next, handover.controlFd() >= 0, listeners.describeForSuccessor()));
        SpawnSpec spec = new SpawnSpec(relaunch.launcher(), relaunch.argv(), env, relaunch.workdir(), Identity.INHERIT,
                false, List.of(), false);
        List<Integer> fds = listeners.all().stream().map(HeldListeners.Held::fd).toList();
        Successor started;
        try {
            started = os.spawnSuccessor(spec, handover.controlFd(), fds);
        } catch (SpawnException e) {
            abortFlip(next, "cannot start the new baton: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            abortFlip(next, "cannot start the new baton: " + e);
            return;
        }
        NewBaton nb = new NewBaton(next, started, scheduler.nanoTime());
        successor = nb;
        started.process().exit().thenAccept(exit -> events.add(new Event.SuccessorExited(nb, exit)));
        started.channel().start(line -> Message.parse(line).ifPresent(m -> events.add(new Event.FromSuccessor(nb, m))),
                () -> events.add(new Event.SuccessorEof(nb)));
        scheduleSuccessorDeadline(nb, current.config.upgrade().timeout());
    }

    /** The new baton must be READY within start_allowance plus the larger upgrade.timeout. */
    private void scheduleSuccessorDeadline(NewBaton nb, Duration newTimeout) {
        Duration old = current.config.upgrade().timeout();
        long budget = saturatedAdd(nanos(current.config.upgrade().startAllowance()),
                Math.max(nanos(old), nanos(newTimeout)));
        long left = saturatedAdd(nb.startNanos - scheduler.nanoTime(), budget);
        nb.deadline.cancel();
        nb.deadline = scheduler.schedule(Duration.ofNanos(Math.max(0, left)),
                () -> events.add(new Event.SuccessorDeadline(nb)));
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

    private void onSuccessorMessage(NewBaton nb, Message message) {
        if (nb != successor || nb.exited()) {
            return;
        }
        if (message instanceof Message.Hello hello) {
            nb.hello = true;
            Lifecycle.info(nb.generation, "new baton pid " + hello.pid() + " (" + hello.version()
                    + ") read its config; starting its child");
            scheduleSuccessorDeadline(nb, Duration.ofMillis(hello.timeoutMillis()));
        } else if (message instanceof Message.Ready ready) {
            if (nb.failed || nb.ready || shuttingDown) {
                return;
            }
            nb.ready = true;
            nb.deadline.cancel();
            nb.send(new Message.Ack());
            handedOver = true;
            if (upgradeQueued) {
                upgradeQueued = false;
                nb.send(new Message.Upgrade());
            }
            Lifecycle.info(current, "flip completed: new baton pid " + ready.pid() + " (generation "
                    + ready.generation() + ", child pid " + ready.childPid() + ") took over; stopping generation "
                    + current.number);
            listener.handedOver(ready.pid());
            dev.baton.core.control.UpgradeReply reply = waitingUpgrade;
            waitingUpgrade = null;
            if (reply != null) {
                reply.succeeded(ready.generation(), ready.pid(), ready.childPid(), os.pid());
            }
            beginStop(current, true);
        } else if (message instanceof Message.Fail fail) {
            if (nb.ready || nb.failed) {
                return;
            }
            failSuccessor(nb, fail.reason());
        } else if (message instanceof Message.Stop) {
            if (!shuttingDown) {
                Lifecycle.info(current, "the new baton was told to stop; stopping");
                shutdown();
            }
        }
    }

    private void failSuccessor(NewBaton nb, String reason) {
        nb.failed = true;
        nb.failure = reason;
        if (!shuttingDown) {
            Lifecycle.warn(nb.generation, "flip failed: " + reason + "; generation " + current.number
                    + " keeps serving");
        }
    }

    private void onSuccessorEof(NewBaton nb) {
        nb.eof = true;
        if (nb == successor && !nb.ready && !nb.exited()) {
            // it closed the handover without READY: whatever it is doing now, it is not taking over
            os.signal(nb.pid(), Signal.KILL);
        }
    }

    private void onSuccessorDeadline(NewBaton nb) {
        if (nb != successor || nb.ready || nb.exited()) {
            return;
        }
        if (!nb.failed) {
            failSuccessor(nb, "new baton pid " + nb.pid() + " not ready within the deadline; killed");
        }
        os.signal(nb.pid(), Signal.KILL);
    }

    private void onSuccessorExited(NewBaton nb, ChildExit exit) {
        nb.exit = exit;
        nb.deadline.cancel();
        if (nb != successor) {
            return;
        }
        if (nb.ready) {
            if (!shuttingDown) {
                Lifecycle.warn(current, "the new baton pid " + nb.pid() + " " + exit.describe() + " after taking over");
            }
            return;
        }
        if (!nb.failed) {
            failSuccessor(nb, "new baton " + exit.describe() + " before it was ready");
        }
        nb.successor.channel().close();
        successor = null;
        pidfile.restore();
        if (!shuttingDown) {
            flipEnded(nb.generation, nb.failure);
            afterFlip();
        }
    }

    // ---- re-exec flips, the new baton's side ----

    /**
     * The old baton closes its end of the handover before the kernel re-parents its children, so
     * at end of file this baton may still be its child for a moment: wait (at most 1 s) until it is
     * not, so whoever adopts it (systemd) sees it as its own child.
     */
    private void awaitReparenting() {
        long old = handover.predecessorPid();
        long deadline = System.nanoTime() + 1_000_000_000L;
        while (old > 0 && os.parentPid() == old && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private void tellPredecessor(Message message) {
        if (predecessor != null) {
            predecessor.send(message.format());
        }
    }

    private void onPredecessorMessage(Message message) {
        if (predecessor == null) {
            return;
        }
        if (message instanceof Message.Ack) {
            predecessorAcked = true;
            Lifecycle.info(current, "took over: the old baton accepted the handover and is stopping its child");
            listener.tookOver(current.number, current.pid());
        } else if (message instanceof Message.Upgrade) {
            onUpgradeSignal();
        } else if (message instanceof Message.Stop) {
            if (!shuttingDown) {
                Lifecycle.info(current, "the old baton was told to stop; stopping");
                shutdown();
            }
        }
    }

    private void onPredecessorEof() {
        LineChannel channel = predecessor;
        if (channel == null) {
            return;
        }
        predecessor = null;
        channel.close();
        if (!predecessorAcked) {
            if (!shuttingDown) {
                Lifecycle.warn(current, "the old baton is gone before the handover was final; stopping");
                failure = new Outcome.Fail(ExitCodes.HANDOVER_LOST, "the old baton is gone before the handover");
                shutdown();
            }
            return;
        }
        HeldListeners.removeFiles(listeners.retainOnly(current.config.listeners()));
        awaitReparenting();
        listener.predecessorGone(os.guardPid());
        Lifecycle.info(current.number, "flip ended: the old baton has exited");
        flipEnded(current.number, null);
        afterFlip();
    }

    // ---- spawning a generation ----

    private Generation launch(BatonConfig config, long number) throws SpawnException, ListenException {
        HeldListeners.Prepared sockets = listeners.prepare(config.listeners());
        HealthCheck check = config.healthcheck().newCheck();
        Map<String, String> env = new LinkedHashMap<>(environment.forChild(config.env()));
        List<String> pidEnv = listenerEnv(config, sockets, number, env);
        check.prepare(new ChildLaunch() {
            @Override
            public long generation() {
                return number;
            }

            @Override
            public void putEnv(String name, String value) {
                env.put(name, value);
            }

            @Override
            public java.util.OptionalInt childUid() {
                return config.identity().uid();
            }

            @Override
            public Path runtimeDirectory() {
                return environment.runtimeDirectory();
            }

            @Override
            public NotifySocket openNotifySocket() throws IOException {
                return new ChildNotifySocket(os.openNotifySocket(environment.runtimeDirectory(),
                        config.identity().uid()));
            }
        });
        Command command = config.command();
        ChildProcess child;
        try {
            child = os.spawn(new SpawnSpec(command.program(), command.argv(), env, config.workdir(),
                    config.identity(), true, sockets.fds(), true, pidEnv));
        } catch (SpawnException | RuntimeException e) {
            check.close();
            listeners.abandon(sockets);
            throw e;
        }
        Generation g = new Generation(number, config, child, Map.copyOf(env), sockets);
        check.started(child.pid());
        child.exit().thenAccept(exit -> events.add(new Event.ChildExited(g, exit)));
        child.groupGone().thenRun(() -> events.add(new Event.GroupGone(g)));
        g.check = new CheckRun(g, check, new Context(g), events::add);
        checks.removeIf(CheckRun::closed);
        checks.add(g.check);
        g.check.start();
        return g;
    }

    /**
     * Tells the child about its sockets (fds 3.. in config order): systemd socket activation
     * (LISTEN_FDS, LISTEN_FDNAMES; LISTEN_PID is set to the child's own pid just before exec)
     * and/or Server::Starter's SERVER_STARTER_PORT. Returns the variables to set to the child's pid.
     */
    private static List<String> listenerEnv(BatonConfig config, HeldListeners.Prepared sockets, long generation,
            Map<String, String> env) {
        List<ListenerConfig> ls = config.listeners();
        if (ls.isEmpty()) {
            return List.of();
        }
        ListenerProtocol protocol = config.listenerProtocol();
        List<String> pidEnv = new ArrayList<>();
        if (protocol != ListenerProtocol.SERVER_STARTER) {
            env.put("LISTEN_FDS", Integer.toString(ls.size()));
            env.put("LISTEN_FDNAMES", String.join(":", ls.stream().map(ListenerConfig::name).toList()));
            pidEnv.add("LISTEN_PID");
        }
        if (protocol != ListenerProtocol.SYSTEMD) {
            List<String> ports = new ArrayList<>();
            for (int i = 0; i < ls.size(); i++) {
                ListenAddress a = ls.get(i).address();
                String where = a instanceof ListenAddress.Tcp tcp ? tcp.hostPort()
                        : ((ListenAddress.Unix) a).path().toString();
                ports.add(where + "=" + (3 + i));
            }
            env.put("SERVER_STARTER_PORT", String.join(";", ports));
            env.put("SERVER_STARTER_GENERATION", Long.toString(generation));
        }
        return pidEnv;
    }

    /** What a generation's check may use; called on the check's thread, touches only final fields. */
    private final class Context implements CheckContext {
        private final Generation g;

        Context(Generation g) {
            this.g = g;
        }

        @Override
        public long generation() {
            return g.number;
        }

        @Override
        public long childPid() {
            return g.pid();
        }

        @Override
        public void stateChanged(String line) {
            Lifecycle.info(g, line);
        }

        @Override
        public ProbeResult runProbe(Command command, Duration timeout) throws InterruptedException {
            return probes.run(command, timeout, g.env, g.config.workdir(), g.config.identity(), g.number, g.pid());
        }

        @Override
        public void forwardToServiceManager(String message) {
            listener.forwardNotification(message);
        }
    }
}
