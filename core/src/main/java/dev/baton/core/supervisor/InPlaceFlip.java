package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigException;
import dev.baton.core.listen.HeldListeners;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.SpawnException;
import dev.baton.core.spi.Durations;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The generations of an in-place flip besides the one serving: the candidate, from its spawn until
 * its check passes and it takes over (or it fails and is killed), and the retiring old generation,
 * from the takeover until its process group is gone. Listeners the new config dropped are closed at
 * the takeover; their socket files go once the old generation is gone. With {@code
 * upgrade.probation} (flips by upgrade only), the healthy candidate first serves beside the old
 * generation ({@link Probation}); the takeover waits for its end, and a candidate that fails
 * before is rolled back: stopped, its listeners abandoned, the pidfile the old config's again.
 * With {@code shutdown.max_draining: N > 0} (the old generation's config), a flip ends at the
 * takeover: its old generation drains in the background, stopped as ever (delay, signal, its own
 * timeout and SIGKILL), and further flips may start until N generations drain at once.
 * The loop gets a {@link Verdict} for each step it must act on. Its {@link Trigger} says why it runs: a restart
 * of a dead child is an in-place flip too, whose old generation is already gone. Loop thread only.
 */
final class InPlaceFlip {
    /** Why a flip runs; all but {@code UPGRADE} start from the config in charge. */
    enum Trigger {
        /** The upgrade signal or {@code baton upgrade}: the config is read afresh. */
        UPGRADE,
        /** {@code liveness.action: replace}. */
        LIVENESS,
        /** {@code restart:}: the serving child died. */
        RESTART
    }

    /** What the loop must do. */
    sealed interface Verdict {
        Verdict NONE = new None();

        record None() implements Verdict {
        }

        /** {@code g} is in charge now; {@code old} was; retire it ({@link #retire}) unless it is gone. */
        record TookOver(Generation g, Generation old) implements Verdict {
        }

        /** {@code g} is healthy and serves on probation beside the generation in charge until {@code until}. */
        record OnProbation(Generation g, java.time.Instant until) implements Verdict {
        }

        /** A generation that drained in the background is gone: one more flip may start. */
        record Drained(Generation g) implements Verdict {
        }

        /** The flip to {@code generation} has ended; {@code failure} is null if it took over. */
        record Ended(long generation, String failure, Trigger trigger) implements Verdict {
        }
    }

    private final ConfigSource configs;
    private final SupervisorListener listener;
    private final GenerationLauncher launcher;
    private final Stopper stopper;
    private final HeldListeners listeners;
    private final Pidfile pidfile;
    private final Scheduler scheduler;
    private final Consumer<Event> post;
    private Generation candidate;
    /** The candidate's probation, from its health until it takes over or is rolled back; null otherwise. */
    private Probation probation;
    private Trigger trigger = Trigger.UPGRADE;
    private final List<Generation> retiring = new ArrayList<>();
    /** The retiring generations whose flip has ended already (max_draining), each with what status shows of it. */
    private final Map<Generation, String> draining = new LinkedHashMap<>();
    /** Unix socket files of listeners a flip removed, deleted once the old generation is gone. */
    private List<Path> filesAfterFlip = List.of();
    private final FlipClock clock;

    InPlaceFlip(ConfigSource configs, SupervisorListener listener, GenerationLauncher launcher, Stopper stopper,
            HeldListeners listeners, Pidfile pidfile, Scheduler scheduler, Consumer<Event> post, FlipClock clock) {
        this.clock = clock;
        this.configs = configs;
        this.listener = listener;
        this.launcher = launcher;
        this.stopper = stopper;
        this.listeners = listeners;
        this.pidfile = pidfile;
        this.scheduler = scheduler;
        this.post = post;
    }

    /**
     * Loads generation {@code next}'s config and starts its child; {@code why} it is in place goes in
     * the log line. Empty if it started, else why the flip failed at once.
     */
    Optional<FlipFailure> start(long next, String why) {
        Lifecycle.info(next, "flip initiated (" + why + ")");
        listener.flipStarted(next);
        trigger = Trigger.UPGRADE;
        BatonConfig config;
        try {
            config = configs.load(next);
        } catch (ConfigException e) {
            return Optional.of(new FlipFailure("config error: " + e.getMessage(), true));
        }
        clock.mark(FlipRecord.Phase.CONFIG_READ);
        return launch(config, next).map(FlipFailure::of);
    }

    /** Starts generation {@code next} from {@code applied}, the config in charge, not read again. */
    Optional<String> startFrom(BatonConfig applied, long next, Trigger why) {
        trigger = why;
        if (why != Trigger.RESTART) {
            Lifecycle.info(next, "flip initiated (trigger: " + why.name().toLowerCase(Locale.ROOT) + ")");
            listener.flipStarted(next);
        }
        return launch(applied, next);
    }

    private Optional<String> launch(BatonConfig config, long next) {
        try {
            candidate = launcher.launch(config, next);
        } catch (SpawnException | ListenException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            return Optional.of("cannot start the new child: " + e);
        }
        clock.spawned(candidate.pid());
        Lifecycle.info(candidate, "child started: " + config.command().argv().get(0));
        launcher.armDeadline(candidate);
        return Optional.empty();
    }

    Generation candidate() {
        return candidate;
    }

    boolean inProgress() {
        return candidate != null || !retiring.isEmpty();
    }


    /** What drains here in the background, one line each ({@link DrainList}). */
    List<String> drainingLines() {
        return List.copyOf(draining.values());
    }

    /**
     * No flip may start now: a candidate runs, an old generation retires whose flip has not ended,
     * or {@code maxDraining} (the config in charge's) generations drain (0: any that drains).
     *
     * @param elsewhere generations draining in old batons (re-exec, protocol 3), which count against the limit too */
    boolean blocksFlip(int maxDraining, int elsewhere) {
        return candidate != null || retiring.size() > draining.size()
                || draining.size() + elsewhere >= Math.max(1, maxDraining);
    }

    /** A candidate runs that may still take over. */
    boolean mayTakeOver() {
        return candidate != null && !candidate.failed;
    }

    /**
     * The candidate's check passed: it takes over, once the pidfile names this baton for its config;
     * or, with a probation, it serves beside {@code current} first.
     */
    Verdict healthy(Generation g, Generation current) {
        try {
            pidfile.write(g.config.pidfile());
        } catch (IOException e) {
            fail(g, "cannot write pidfile " + g.config.pidfile().orElseThrow() + ": " + e.getMessage(), current);
            return Verdict.NONE;
        }
        Duration length = current.config.upgrade().probation();
        if (trigger == Trigger.UPGRADE && !length.isZero() && current.running()) {
            probation = Probation.begin(scheduler, length, post);
            Lifecycle.info(g, "healthy; on probation for " + Durations.format(length) + " beside generation "
                    + current.number + " (pid " + current.pid() + "), which stays until it passes");
            return new Verdict.OnProbation(g, probation.until());
        }
        return takeOver(g, current, "");
    }

    /** {@code p} (null: any) is the candidate's probation, which still runs. */
    boolean onProbation(Probation p) {
        return probation != null && (p == null || p == probation);
    }

    /** {@code g} is the candidate, on probation. */
    boolean onProbation(Generation g) {
        return probation != null && g == candidate;
    }

    /** The probation passed ({@code how}: by its timer, {@code baton commit}, the old child's death): the candidate takes over. */
    Verdict commit(Generation current, String how) {
        probation.end();
        probation = null;
        return takeOver(candidate, current, " (" + how + ")");
    }

    /**
     * The candidate failed on probation ({@code why}), or {@code baton rollback}: it is stopped,
     * and {@code current} serves alone again under its own config's pidfile. The flip ends, failed,
     * once its group is gone ({@link #groupGone}).
     */
    void rollBack(Generation current, String why) {
        Generation g = candidate;
        g.failed = true;
        g.failure = probation.rolledBack(why);
        probation.end();
        probation = null;
        g.cancelCheck();
        Lifecycle.warn(g, "flip failed: " + g.failure + "; generation " + current.number + " keeps serving");
        stopper.begin(g, false);
        listeners.abandon(g.listeners);
        try {
            pidfile.write(current.config.pidfile());
        } catch (IOException e) {
            Lifecycle.error("cannot write pidfile " + current.config.pidfile().orElseThrow() + ": " + e.getMessage());
        }
    }

    private Verdict takeOver(Generation g, Generation current, String how) {
        candidate = null;
        HeldListeners.removeFiles(filesAfterFlip);
        filesAfterFlip = listeners.retainOnly(g.config.listeners());
        Lifecycle.info(g, (trigger == Trigger.RESTART ? "restart" : "flip") + " completed: generation " + g.number
                + " took over from generation " + current.number + " (pid " + current.pid() + ")" + how);
        return new Verdict.TookOver(g, current);
    }

    /**
     * After {@link Verdict.TookOver}: the old generation stops, after shutdown.delay; the flip ends
     * if it is gone, or at once if it may drain in the background.
     */
    Verdict retire(Generation old, long newGeneration) {
        if (old.gone) {
            HeldListeners.removeFiles(filesAfterFlip);
            filesAfterFlip = List.of();
            return new Verdict.Ended(newGeneration, null, trigger);
        }
        retiring.add(old);
        stopper.begin(old, true);
        int max = old.config.shutdown().maxDraining();
        if (max == 0) {
            return Verdict.NONE;
        }
        draining.put(old, DrainList.describe(old));
        Lifecycle.info(old, "draining in the background (" + draining.size() + " of shutdown.max_draining: " + max
                + "); the flip to generation " + newGeneration + " has ended");
        return new Verdict.Ended(newGeneration, null, trigger);
    }

    /** The candidate failed: SIGKILL its group at once; it never served. */
    void fail(Generation g, String reason, Generation current) {
        g.failed = true;
        g.failure = reason;
        g.deadline.cancel();
        g.cancelCheck();
        if (trigger != Trigger.RESTART) { // a restart's failure is logged where the next is decided
            Lifecycle.warn(g, "flip failed: " + reason + "; generation " + current.number + " keeps serving");
        }
        stopper.kill(g);
        listeners.abandon(g.listeners);
    }

    Verdict groupGone(Generation g, Generation current) {
        if (g == candidate) {
            candidate = null;
            return new Verdict.Ended(g.number, g.failure, trigger);
        }
        if (retiring.remove(g)) {
            Lifecycle.info(g, "stopped: child " + (g.exit == null ? "gone" : g.exit.describe()));
            if (draining.remove(g) != null) {
                return new Verdict.Drained(g);
            }
            if (retiring.size() == draining.size()) {
                HeldListeners.removeFiles(filesAfterFlip);
                filesAfterFlip = List.of();
                return new Verdict.Ended(current.number, null, trigger);
            }
        }
        return Verdict.NONE;
    }

    /** The generations whose groups still run: {@code current}, the candidate, the retiring ones. */
    List<Generation> live(Generation current) {
        List<Generation> into = new ArrayList<>();
        for (Generation g : new Generation[] {current, candidate}) {
            if (g != null && !g.gone) {
                into.add(g);
            }
        }
        for (Generation g : retiring) {
            if (!g.gone) {
                into.add(g);
            }
        }
        return into;
    }

    /** baton finally stops: the files of listeners dropped by the last flip go too. */
    void removeFiles() {
        HeldListeners.removeFiles(filesAfterFlip);
    }
}
