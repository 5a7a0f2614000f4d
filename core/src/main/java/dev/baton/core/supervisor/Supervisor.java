package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigException;
import dev.baton.core.config.HooksConfig;
import dev.baton.core.config.UpgradeMode;
import dev.baton.core.control.ProbationReply;
import dev.baton.core.control.UpgradeReply;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Message;
import dev.baton.core.listen.HeldListeners;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.Os;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnException;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Supervises one child and flips it, in place or by re-exec. All state is owned by the thread that
 * calls {@link #run}; signal handlers, the reaper, check threads, handover readers and timers only
 * post {@link Event}s, and this loop handles them one at a time. {@code current} serves (or starts,
 * before {@code ready}); at most one flip runs at a time, and requests for more coalesce
 * ({@link FlipRequests}).
 *
 * <p>This class is the flip policy; the mechanics are elsewhere. {@link GenerationLauncher} starts a
 * generation, {@link Stopper} stops one, {@link Pidfile} names the baton in charge; an in-place flip
 * is {@link InPlaceFlip}, and the two sides of a re-exec flip are {@link ToNewBaton} (this baton is
 * the old one) and {@link FromOldBaton} (this is the new one); {@link ChildEvents} routes a child's
 * news, {@link Restarts} decides on the death of the serving child, {@link Liveness} on a failing
 * liveness check. Each turns what happens into a verdict for this loop.
 */
public final class Supervisor {
    private final Os os;
    private final ConfigSource configs;
    private final SupervisorListener listener;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HandoverSetup handover;
    private final HeldListeners listeners;
    private final GenerationLauncher launcher;
    private final Stopper stopper;
    private final Pidfile pidfile;
    private final InPlaceFlip inPlace;
    private final ToNewBaton toNewBaton;
    private final FromOldBaton fromOldBaton;
    private final TerminalHangup hangup;
    private final ChildEvents children;
    private final Restarts restarts;
    private final Liveness liveness = new Liveness();
    private final Probations probations;
    private final DrainList drains;
    private final FlipClock clock;
    private final Hooks hooks;

    private Generation current;
    private boolean ready;
    private boolean shuttingDown;
    private Outcome failure;
    private Outcome outcome;
    private final FlipRequests requests = new FlipRequests();

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
        this.os = os;
        this.configs = configs;
        this.listener = listener;
        this.handover = handover;
        this.listeners = listeners;
        this.launcher = new GenerationLauncher(os, scheduler, listeners, environment, listener, events::add);
        this.clock = new FlipClock(scheduler);
        this.stopper = new Stopper(os, scheduler, events::add);
        stopper.onSignalled(clock::signalled);
        clock.onProgress(requests::progress);
        this.pidfile = new Pidfile(os);
        this.inPlace = new InPlaceFlip(configs, listener, launcher, stopper, listeners, pidfile, scheduler, events::add,
                clock);
        this.toNewBaton = new ToNewBaton(os, scheduler, environment.original(), listeners, handover, listener,
                events::add, clock);
        this.fromOldBaton = new FromOldBaton(os, listeners, listener, handover.oldBaton(), handover.oldBatonPid(),
                handover.protocol());
        this.hangup = new TerminalHangup(os, scheduler, environment.ignoresHangups());
        this.hooks = new Hooks(os, environment, events::add, requests::progress);
        this.children = new ChildEvents(inPlace, toNewBaton, fromOldBaton, stopper, hooks);
        this.restarts = new Restarts(scheduler, events::add, listener);
        this.probations = new Probations(inPlace, toNewBaton, fromOldBaton, listener);
        this.drains = new DrainList(listener, toNewBaton, os.pid());
    }

    /** Thread-safe: called from signal handlers. */
    public void signal(Signal signal) {
        events.add(new Event.SignalReceived(signal));
    }

    /** Thread-safe: a {@code baton upgrade} asks for a flip and waits for its outcome. */
    public void requestUpgrade(UpgradeReply reply) {
        events.add(new Event.UpgradeRequested(reply));
    }

    /** Thread-safe: a {@code baton upgrade --dry-run}; {@code answer} hears once, from the loop. */
    public void requestDryRun(java.util.function.Consumer<DryRun> answer) {
        events.add(new Event.DryRunRequested(answer));
    }

    /** Thread-safe: a {@code baton commit} ({@code commit}) or {@code baton rollback} ends a probation. */
    public void requestProbationEnd(boolean commit, ProbationReply reply) {
        events.add(new Event.ProbationEndRequested(commit, reply));
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
        hangup.watch(events::add);
        fromOldBaton.start(os.pid(), handover.version(), first.upgrade().timeout(), events::add);
        if (fromOldBaton.inProgress()) {
            hooks.begin(-1); // a re-exec flip is by request; its old child is the old baton's
        }
        try {
            current = launcher.launch(first, first.generation());
        } catch (SpawnException | ListenException | RuntimeException e) {
            Outcome.Fail failed = GenerationLauncher.notStarted(e);
            Lifecycle.error(failed.reason());
            fromOldBaton.tell(new Message.Fail(failed.reason()));
            outcome = failed;
            return;
        }
        Lifecycle.info(current, "child started: " + first.command().argv().get(0));
        launcher.armDeadline(current);
    }

    /** Handles one event if one arrives within {@code wait}; returns false if none did. */
    boolean step(Duration wait) throws InterruptedException {
        Event e = events.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (e != null) {
            handle(e);
        }
        return e != null;
    }

    Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    Generation current() {
        return current;
    }

    Generation candidate() {
        return inPlace.candidate();
    }

    boolean ready() {
        return ready;
    }

    boolean flipBusy() {
        return flipInProgress();
    }

    /** baton's exit: checks closed, pidfile removed if it still names this baton, and the socket files. */
    void finish() {
        hooks.killAll();
        launcher.closeChecks();
        pidfile.remove();
        if (fromOldBaton.neverTookOver()) {
            if (current != null) {
                listeners.abandon(current.listeners); // the old generation's sockets stay as they were
            }
        } else if (!toNewBaton.handedOver()) { // if it did, the new baton holds the sockets, files included
            inPlace.removeFiles();
            listeners.removeFiles();
        }
    }

    // ---- the event table ----

    private void handle(Event event) {
        if (event instanceof Event.SignalReceived e) {
            onSignal(e.signal());
        } else if (event instanceof Event.ChildExited e) {
            onChild(children.exited(e.generation(), e.exit(), current, ready, shuttingDown));
        } else if (event instanceof Event.GroupGone e) {
            clock.gone(e.generation());
            stopper.gone(e.generation());
            onInPlace(inPlace.groupGone(e.generation(), current));
        } else if (event instanceof Event.CheckPassed e) {
            onChild(children.checkPassed(e.generation(), current, ready, shuttingDown));
        } else if (event instanceof Event.CheckProgress e) {
            if (e.generation() == inPlace.candidate()) {
                requests.progress(e.line());
            }
        } else if (event instanceof Event.CheckFailed e) {
            onChild(children.unhealthy(e.generation(), e.reason(), current, ready, shuttingDown));
        } else if (event instanceof Event.HealthDeadline e) {
            onChild(children.unhealthy(e.generation(), e.generation().notHealthyInTime(), current, ready,
                    shuttingDown));
        } else if (event instanceof Event.StopDelayOver e) {
            stopper.onDelayOver(e.generation());
        } else if (event instanceof Event.StopTimedOut e) {
            stopper.onTimedOut(e.generation());
        } else if (event instanceof Event.TerminalHungUp || event instanceof Event.HangupSettled) {
            onSignal(hangup.settled(event), Signal.HUP);
        } else if (event instanceof Event.RestartDue e && !shuttingDown && e.dead() == current) {
            clock.begin(FlipRecord.Trigger.RESTART, FlipRecord.Mode.IN_PLACE, current.number, current.number + 1);
            restarts.start(current, inPlace).ifPresent(this::onServingDied);
        } else if (event instanceof Event.LivenessFailed e) {
            onLiveness(liveness.failed(e, current, flipInProgress(), probations.onProbation(e.generation(), current)));
        } else if (event instanceof Event.DryRunRequested e) {
            e.answer().accept(dryRun());
        } else if (event instanceof Event.LivenessRecovered e) {
            liveness.recovered(e, current);
        } else if (event instanceof Event.ProbationOver e && !shuttingDown) {
            endProbation(e.probation(), true, "probation passed");
        } else if (event instanceof Event.ProbationEndRequested e) {
            long g = shuttingDown ? -1 : endProbation(null, e.commit(), e.commit() ? "baton commit" : "baton rollback");
            Probations.answer(e, g, current, shuttingDown);
        } else if (event instanceof Event.UpgradeRequested e) {
            onUpgradeRequested(e.reply());
        } else if (event instanceof Event.NewBatonMessage || event instanceof Event.NewBatonEof
                || event instanceof Event.NewBatonExited || event instanceof Event.NewBatonDeadline) {
            onNewBaton(toNewBaton.on(event, shuttingDown, current));
        } else if (event instanceof Event.OldBatonMessage || event instanceof Event.OldBatonEof) {
            onOldBaton(fromOldBaton.on(event, current));
        } else if (event instanceof Event.HookEnded e) {
            hooks.ended(e, shuttingDown);
        }
        if (outcome != null) {
            return;
        }
        drains.publish(inPlace.drainingLines(), current.gone, fromOldBaton.drainingThere());
        if (shuttingDown && allGone()) {
            outcome = failure != null ? failure : new Outcome.Relay(current.exit);
        } else if (toNewBaton.handedOver() && !shuttingDown && live().isEmpty() && !fromOldBaton.oldBatonRuns()) {
            clock.end(null).ifPresent(this::recorded); // a re-exec flip ends when its old child is gone
            Lifecycle.info(current, "stopped: child " + current.exit.describe() + "; exiting, the new baton (pid "
                    + toNewBaton.newBatonPid() + ") took over");
            outcome = new Outcome.HandedOver();
        }
    }

    private void onSignal(Signal signal) {
        onSignal(hangup.on(signal, events::add), signal);
    }

    private void onSignal(TerminalHangup.Verdict hup, Signal signal) {
        if (outcome != null || hup == TerminalHangup.Verdict.IGNORE || hup == TerminalHangup.Verdict.LATER) {
            return;
        }
        if (hup == TerminalHangup.Verdict.STOP) {
            stopAll("received SIGHUP: the controlling terminal hung up; stopping");
        } else if (signal == current.config.upgrade().signal()) {
            onUpgradeSignal();
        } else if (signal != Signal.TERM && signal != Signal.INT) {
            stopper.forward(signal, current, live());
        } else {
            stopAll("received " + signal.fullName() + "; stopping");
        }
    }

    /**
     * TERM, INT or a hangup: this baton stops, and so does the other baton of a flip; but an old
     * baton draining in the background only stops its own drain, not the baton now in charge.
     */
    private void stopAll(String line) {
        if (!shuttingDown) {
            Lifecycle.info(current, line);
            if (!toNewBaton.drainsInBackground()) {
                toNewBaton.stop();
            }
            fromOldBaton.tell(new Message.Stop());
            shutdown();
        }
    }

    private void onUpgradeRequested(UpgradeReply reply) {
        boolean handedOver = toNewBaton.handedOver();
        String busy = outcome != null || shuttingDown || handedOver
                ? (handedOver ? "this baton handed over; ask again" : "baton is stopping")
                : !ready || flipInProgress() ? (ready ? "a flip is in progress" : "the first child is not ready yet")
                : null;
        requests.request(reply, busy, () -> startFlip(reply.reexec(), FlipRecord.Trigger.UPGRADE),
                this::flipInProgress);
    }

    private void onUpgradeSignal() {
        if (shuttingDown) {
            return;
        }
        if (toNewBaton.handedOver()) {
            toNewBaton.passUpgrade(); // the new baton is in charge: it queues this flip until this baton has exited
        } else if (fromOldBaton.onProbation()) {
            fromOldBaton.tell(new Message.Upgrade()); // the old baton is in charge until the probation passes
        } else if (!ready || flipInProgress()) {
            requests.queue(current.number, ready);
        } else {
            startFlip(false, FlipRecord.Trigger.SIGNAL);
        }
    }

    // ---- flips ----

    private boolean flipInProgress() {
        return inPlace.blocksFlip(current.config.shutdown().maxDraining(), fromOldBaton.drainingThere().size())
                || toNewBaton.inProgress()
                || fromOldBaton.inProgress() || restarts.pending() || hooks.running();
    }

    /** {@code forced}: a {@code baton upgrade --reexec}. The kind of flip is {@link FlipMode}'s choice. */
    private void startFlip(boolean forced, FlipRecord.Trigger trigger) {
        long next = current.number + 1;
        FlipMode.Choice how = FlipMode.choose(current.config.upgrade().mode(), forced,
                handover.relaunch().isPresent(), os.pid() == 1, handover.change());
        clock.begin(trigger, how.kind() == FlipMode.Kind.REEXEC ? FlipRecord.Mode.REEXEC : FlipRecord.Mode.IN_PLACE,
                current.number, next);
        requests.progress("flip to generation " + next + " initiated (" + how.why() + ")");
        hooks.begin(current.pid());
        if (how.kind() == FlipMode.Kind.REFUSED || !hooks.gate(HooksConfig.Kind.BEFORE_FLIP, current.config,
                HookVars.during(next, current.pid(), -1), () -> flip(next, how),
                reason -> abortFlip(next, FlipFailure.of(reason)))) {
            flip(next, how);
        }
    }

    /** The flip to {@code next}, once its before_flip hook (if any) passed. */
    private void flip(long next, FlipMode.Choice how) {
        Optional<FlipFailure> failed = switch (how.kind()) {
            case REEXEC -> toNewBaton.start(next, current.config.upgrade(), current.config.shutdown().maxDraining(),
                    how.why()).map(FlipFailure::of);
            case IN_PLACE -> inPlace.start(next, how.why());
            case REFUSED -> Optional.of(FlipFailure.of(how.why()));
        };
        failed.ifPresent(f -> abortFlip(next, f));
    }

    /** A flip that failed before any child was spawned: nothing to clean up. */
    private void abortFlip(long generation, FlipFailure failed) {
        Lifecycle.warn(generation, "flip failed: " + failed.reason() + "; generation " + current.number
                + " keeps serving");
        flipEnded(generation, failed.reason(), failed.invalidConfig());
        afterFlip(null);
    }

    /** Every end of a flip, success or failure, goes through here. */
    private void flipEnded(long generation, String failure) {
        flipEnded(generation, failure, false);
    }

    private void flipEnded(long generation, String failure, boolean invalidConfig) {
        Optional<FlipRecord> record = clock.end(failure);
        record.ifPresent(this::recorded);
        listener.flipEnded(generation, failure);
        requests.ended(failure, invalidConfig, current.number, os.pid(), current.pid());
        hooks.flipEnded(current.config, generation, failure, record, current.pid(), this::afterHook);
    }

    /** A flip, restart or rollback ended: its one summary line, and its record to the listeners. */
    private void recorded(FlipRecord r) {
        Lifecycle.record(r);
        listener.flipRecorded(r);
    }

    /** A dry run: the next flip's config, read now in this baton's environment, and its kind; nothing starts. */
    private DryRun dryRun() {
        if (outcome != null || shuttingDown || toNewBaton.handedOver()) {
            return new DryRun.Busy(toNewBaton.handedOver() ? "this baton handed over; ask again" : "baton is stopping");
        }
        BatonConfig next;
        try {
            next = configs.load(current.number + 1);
        } catch (ConfigException e) {
            return new DryRun.WouldNot("config error: " + e.getMessage());
        }
        FlipMode.Choice how = FlipMode.choose(current.config.upgrade().mode(), false,
                handover.relaunch().isPresent(), os.pid() == 1, handover.change());
        if (how.kind() == FlipMode.Kind.REFUSED) {
            return new DryRun.WouldNot(how.why());
        }
        String when = !ready ? ", once the first child is ready" : flipInProgress() ? ", after the flip in progress" : "";
        return new DryRun.WouldFlip(current.config, next, (how.kind() == FlipMode.Kind.REEXEC ? "a re-exec flip ("
                : "an in-place flip (") + how.why() + ")" + when);
    }

    /** A flip or restart ({@code failedRestart}: why it failed) ended: see to a dead child, or what is queued. */
    private void afterFlip(String failedRestart) {
        if (shuttingDown || toNewBaton.handedOver()) { // a baton that handed over starts nothing
            return;
        }
        if (current.exit != null) {
            onServingDied(failedRestart);
        } else {
            startPending();
        }
    }

    /** A notification hook ended: what waited for it may start. */
    private void afterHook() {
        if (!shuttingDown && !toNewBaton.handedOver() && current.exit == null) {
            startPending();
        }
    }

    /** A liveness replacement or a queued flip that waited for the flip in progress. */
    private void startPending() {
        if (liveness.afterFlip(current) instanceof Liveness.Verdict.Replace) {
            onLiveness(new Liveness.Verdict.Replace(current));
        } else if (!flipInProgress() && requests.takeQueued()) {
            startFlip(false, FlipRecord.Trigger.SIGNAL);
        }
    }

    // ---- restart in place, and liveness ----

    /** The serving child is dead and nothing takes over: restart it after a backoff, or give up and exit. */
    private void onServingDied(String failedRestart) {
        stopper.begin(current, false); // whatever is left of its group
        if (restarts.died(current, failedRestart) instanceof Restarts.Verdict.GiveUp) {
            shutdown(); // baton relays the child's exit
        }
    }

    private void onLiveness(Liveness.Verdict verdict) {
        if (verdict instanceof Liveness.Verdict.Replace) {
            clock.begin(FlipRecord.Trigger.LIVENESS, FlipRecord.Mode.IN_PLACE, current.number, current.number + 1);
            inPlace.startFrom(current.config, current.number + 1, InPlaceFlip.Trigger.LIVENESS)
                    .ifPresent(reason -> abortFlip(current.number + 1, FlipFailure.of(reason)));
        } else if (verdict instanceof Liveness.Verdict.RollBack r) {
            rollBack(r.why());
        } else if (verdict instanceof Liveness.Verdict.Exit exit) {
            failure = new Outcome.Fail(ExitCodes.LIVENESS_FAILED, exit.reason());
            shutdown();
        }
    }

    // ---- probation ----

    /** Ends the probation {@code p} (null: whichever runs); the new generation's number, or -1 if none ran. */
    private long endProbation(Probation p, boolean commit, String how) {
        Probations.Ended ended = probations.end(p, commit, how, current);
        onInPlace(ended.inPlace());
        onNewBaton(ended.reexec());
        return ended.generation();
    }

    /** The new generation failed on probation, for {@code why}: roll the flip back (a new baton tells the old one and stops). */
    private void rollBack(String why) {
        if (fromOldBaton.onProbation()) {
            fromOldBaton.tell(new Message.Rollback(why));
            stopBecause("rolling back; stopping");
        } else {
            endProbation(null, false, why);
        }
    }

    // ---- checks and children ----

    private void onChild(ChildEvents.Verdict verdict) {
        if (verdict instanceof ChildEvents.Verdict.FirstReady) {
            firstReady();
        } else if (verdict instanceof ChildEvents.Verdict.CandidateHealthy c) {
            clock.mark(FlipRecord.Phase.HEALTHY);
            candidateHealthy(c.g());
        } else if (verdict instanceof ChildEvents.Verdict.FirstChildFailed f) {
            firstChildFailed(f.failure(), f.toOldBaton());
        } else if (verdict instanceof ChildEvents.Verdict.RollBack r) {
            rollBack(r.why());
        } else if (verdict instanceof ChildEvents.Verdict.Commit) {
            endProbation(null, true, "the old child exited");
        } else if (verdict instanceof ChildEvents.Verdict.ServingDied) {
            onServingDied(null);
        }
    }

    /** The new child's check passed: its after_healthy hook (if any) must pass too before it takes over. */
    private void candidateHealthy(Generation g) {
        if (!hooks.gate(HooksConfig.Kind.AFTER_HEALTHY, g.config, HookVars.during(g.number, current.pid(), g.pid()),
                () -> {
                    if (g == inPlace.candidate() && !g.failed) {
                        onInPlace(inPlace.healthy(g, current));
                    }
                }, reason -> {
                    if (g == inPlace.candidate() && !g.failed) {
                        inPlace.fail(g, reason, current);
                    }
                })) {
            onInPlace(inPlace.healthy(g, current));
        }
    }

    /** The first child's check passed; a new baton's after_healthy hook (if any) must pass before READY. */
    private void firstReady() {
        if (!fromOldBaton.inProgress() || !hooks.gate(HooksConfig.Kind.AFTER_HEALTHY, current.config,
                HookVars.during(current.number, -1, current.pid()), this::becomeReady, reason -> {
                    Lifecycle.warn(current, reason + "; stopping");
                    firstChildFailed(new Outcome.Fail(ExitCodes.UNHEALTHY, reason), reason);
                })) {
            becomeReady();
        }
    }

    private void becomeReady() {
        try {
            pidfile.write(current.config.pidfile());
        } catch (IOException e) {
            String reason = "cannot write pidfile " + current.config.pidfile().orElseThrow() + ": " + e.getMessage();
            Lifecycle.error(reason);
            firstChildFailed(new Outcome.Fail(ExitCodes.CANT_CREATE, reason), reason);
            return;
        }
        ready = true;
        Lifecycle.info(current, "ready");
        launcher.watchLiveness(current);
        fromOldBaton.tell(new Message.Ready(os.pid(), current.pid(), current.number));
        listener.ready(current.number, current.pid());
        if (!flipInProgress() && requests.takeQueued()) {
            startFlip(false, FlipRecord.Trigger.SIGNAL);
        }
    }

    /**
     * The first child will never serve: baton stops, with {@code failure} (null: the child's own exit).
     * A new baton says why to the old one, and a child that still runs goes at once, within the
     * old baton's deadline.
     */
    private void firstChildFailed(Outcome.Fail failure, String toOldBaton) {
        if (failure != null) {
            this.failure = failure;
        }
        fromOldBaton.tell(new Message.Fail(toOldBaton));
        boolean newBaton = fromOldBaton.inProgress();
        shutdown();
        if (newBaton && current.exit == null) {
            stopper.kill(current);
        }
    }

    /** What a step of an in-place flip means for the generation in charge and for the flip's end. */
    private void onInPlace(InPlaceFlip.Verdict verdict) {
        if (verdict instanceof InPlaceFlip.Verdict.TookOver took) {
            clock.mark(FlipRecord.Phase.TAKEOVER);
            current = took.g();
            listener.configApplied(current.config);
            listener.servingChanged(current.number, current.pid());
            launcher.watchLiveness(current);
            onInPlace(inPlace.retire(took.old(), current.number));
        } else if (verdict instanceof InPlaceFlip.Verdict.OnProbation p) {
            launcher.watchLiveness(p.g());
            listener.probationStarted(p.g().number, p.g().pid(), p.until());
        } else if (verdict instanceof InPlaceFlip.Verdict.Drained && !shuttingDown) {
            afterFlip(null); // one more flip may start
        } else if (verdict instanceof InPlaceFlip.Verdict.Ended ended && !shuttingDown) {
            boolean restart = ended.trigger() == InPlaceFlip.Trigger.RESTART;
            if (restart) {
                clock.end(ended.failure()).ifPresent(this::recorded);
                restarts.ended(ended.generation(), ended.failure());
            } else {
                flipEnded(ended.generation(), ended.failure());
            }
            afterFlip(restart ? ended.failure() : null);
        }
    }

    // ---- re-exec flips: the verdicts of the two sides ----

    /** This baton is the old one: what the new baton's news means for the flip. */
    private void onNewBaton(ToNewBaton.Verdict verdict) {
        if (verdict instanceof ToNewBaton.Verdict.TookOver took) {
            clock.mark(FlipRecord.Phase.TAKEOVER);
            Message.Ready r = took.ready();
            if (requests.takeQueued()) {
                toNewBaton.passUpgrade();
            }
            // a client waits for this baton's exit, unless it drains in the background: then the flip has ended
            requests.handedOver(r.generation(), r.pid(), r.childPid(), toNewBaton.drainsInBackground() ? 0 : os.pid());
            stopper.begin(current, true);
            if (toNewBaton.drainsInBackground()) {
                clock.end(null).ifPresent(this::recorded); // the flip ends at the takeover
                drains.handedOver(current);
                Lifecycle.info(current, "draining in the background (shutdown.max_draining: "
                        + current.config.shutdown().maxDraining() + "); this baton exits once its child is gone");
            }
        } else if (verdict instanceof ToNewBaton.Verdict.OnProbation p) {
            listener.probationStarted(p.ready().generation(), p.ready().childPid(), p.until());
        } else if (verdict instanceof ToNewBaton.Verdict.Upgrade) {
            onUpgradeSignal();
        } else if (verdict instanceof ToNewBaton.Verdict.Failed failed) {
            pidfile.restore(); // whatever the new baton wrote there
            listener.servingChanged(current.number, current.pid());
            if (!shuttingDown) {
                flipEnded(failed.generation(), failed.reason(), failed.invalidConfig());
                afterFlip(null);
            }
        } else if (verdict instanceof ToNewBaton.Verdict.Stop) {
            stopBecause("the new baton was told to stop; stopping");
        }
    }

    /** This baton is the new one: what the old baton's news means for it. */
    private void onOldBaton(FromOldBaton.Verdict verdict) {
        if (verdict instanceof FromOldBaton.Verdict.Upgrade) {
            onUpgradeSignal();
        } else if (verdict instanceof FromOldBaton.Verdict.Stop) {
            stopBecause("the old baton was told to stop; stopping");
        } else if (verdict instanceof FromOldBaton.Verdict.RolledBack r) {
            stopBecause("the old baton rolled the flip back (" + r.reason() + "); stopping");
        } else if (verdict instanceof FromOldBaton.Verdict.Lost && !shuttingDown) {
            Lifecycle.warn(current, "the old baton is gone before the handover was final; stopping");
            failure = new Outcome.Fail(ExitCodes.HANDOVER_LOST, "the old baton is gone before the handover");
            shutdown();
        } else if (verdict instanceof FromOldBaton.Verdict.Gone || verdict instanceof FromOldBaton.Verdict.Draining) {
            flipEnded(current.number, null);
            afterFlip(null);
        } else if (verdict instanceof FromOldBaton.Verdict.Drained && !shuttingDown) {
            afterFlip(null); // one more flip may start
        }
    }

    // ---- stopping ----

    private void stopBecause(String line) {
        if (!shuttingDown) {
            Lifecycle.info(current, line);
            shutdown();
        }
    }

    private void shutdown() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        listener.stopping();
        requests.stopping();
        stopper.stopAll(live());
    }

    private List<Generation> live() {
        return inPlace.live(current);
    }

    private boolean allGone() {
        return live().isEmpty() && toNewBaton.settled();
    }
}
