package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.HooksConfig;
import dev.baton.core.handover.HandoverEnv;
import dev.baton.core.os.Os;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The hooks of flips by the upgrade signal or {@code baton upgrade} (README, "Hooks"); restarts in
 * place and liveness replacements run none. A gate ({@code before_flip}, {@code after_healthy})
 * holds its flip until it ends, then the loop goes on with {@code pass} or {@code fail}; a
 * notification ({@code after_flip}, {@code on_failure}) runs after the flip ended and changes
 * nothing. While any hook runs, no other flip starts ({@link #running}). Each run is a
 * {@link HookRun} on a thread of its own, which posts {@link Event.HookEnded}; a hook gets baton's
 * original environment without what belongs to baton (handover, {@code LISTEN_*},
 * {@code NOTIFY_SOCKET}), plus {@link HookVars}, and runs in the config's workdir as its user.
 * Loop thread only.
 */
final class Hooks {
    /** What the loop does when a run ends: {@code pass} if it exited 0, else {@code fail} with why. */
    private record Then(Runnable pass, Consumer<String> fail) {
    }

    private final Os os;
    private final BatonEnvironment environment;
    private final Consumer<Event> post;
    /** A phase line for a {@code baton upgrade} that follows the flip. */
    private final Consumer<String> progress;
    private final Map<HookRun, Then> running = new LinkedHashMap<>();
    /** The flip in progress runs hooks: it was started by the upgrade signal or {@code baton upgrade}. */
    private boolean hooked;
    /** Its old generation's child, or -1 if not known here (a new baton). */
    private long oldChildPid = -1;

    Hooks(Os os, BatonEnvironment environment, Consumer<Event> post, Consumer<String> progress) {
        this.progress = progress;
        this.os = os;
        this.environment = environment;
        this.post = post;
    }

    /** A flip by request begins, from the generation whose child is {@code oldChildPid} (-1: not known). */
    void begin(long oldChildPid) {
        this.hooked = true;
        this.oldChildPid = oldChildPid;
    }

    /** The flip in progress runs hooks. */
    boolean hooked() {
        return hooked;
    }

    long oldChildPid() {
        return oldChildPid;
    }

    /** A hook of {@code kind} runs. */
    boolean runs(HooksConfig.Kind kind) {
        return running.keySet().stream().anyMatch(run -> run.kind() == kind);
    }

    /** A hook runs: the flip it belongs to is in progress, and no other starts. */
    boolean running() {
        return !running.isEmpty();
    }

    /**
     * Runs {@code config}'s gate {@code kind} if this flip runs hooks and it has one, and returns true:
     * {@code pass} or {@code fail} follows on the loop once it has ended. False, and nothing runs, if not.
     */
    boolean gate(HooksConfig.Kind kind, BatonConfig config, HookVars vars, Runnable pass, Consumer<String> fail) {
        Optional<HooksConfig.Hook> hook = config.hooks().get(kind);
        if (!hooked || hook.isEmpty()) {
            return false;
        }
        start(kind, hook.get(), config, vars, new Then(pass, fail));
        return true;
    }

    /**
     * The flip to {@code generation} ended ({@code failure}: why not, or null): {@code after_flip} or
     * {@code on_failure} of {@code inCharge}, the config in charge now, runs if this flip runs hooks;
     * {@code then} follows on the loop once it has ended. The next flip runs hooks only if it is by request.
     *
     * @param record the flip's record, if this baton timed it
     * @param newChildPid the new child if there is no record (a new baton knows its own)
     */
    void flipEnded(BatonConfig inCharge, long generation, String failure, Optional<FlipRecord> record,
            long newChildPid, Runnable then) {
        boolean was = hooked;
        hooked = false;
        HooksConfig.Kind kind = failure == null ? HooksConfig.Kind.AFTER_FLIP : HooksConfig.Kind.ON_FAILURE;
        Optional<HooksConfig.Hook> hook = inCharge.hooks().get(kind);
        if (!was || hook.isEmpty()) {
            return;
        }
        HookVars vars = record.map(r -> HookVars.of(r, oldChildPid)).orElseGet(() -> new HookVars(generation,
                oldChildPid, newChildPid, failure == null ? "committed" : "failed", failure == null ? "" : failure));
        start(kind, hook.get(), inCharge, vars, new Then(then, reason -> then.run()));
    }

    private void start(HooksConfig.Kind kind, HooksConfig.Hook hook, BatonConfig config, HookVars vars, Then then) {
        Map<String, String> env = new LinkedHashMap<>(environment.forChild(Map.of()));
        HandoverEnv.strip(env); // forChild drops every BATON_* already: this says what must never get through
        env.putAll(vars.env());
        HookRun run = new HookRun(os, kind, hook, vars.generation(), env, config.workdir(), config.identity(), post);
        running.put(run, then);
        run.start();
        progress.accept(kind.yamlName() + " hook started: " + hook.command().argv().get(0));
    }

    /** A run ended; what follows runs unless baton is stopping. */
    void ended(Event.HookEnded e, boolean stopping) {
        Then then = running.remove(e.run());
        if (then == null || stopping) {
            return;
        }
        if (e.result().passed()) {
            progress.accept(e.run().kind().yamlName() + " hook passed");
            then.pass().run();
        } else {
            then.fail().accept(e.result().reason());
        }
    }

    /** baton exits: every hook still running is SIGKILLed with its group. */
    void killAll() {
        running.keySet().forEach(run -> run.kill(os));
    }
}
