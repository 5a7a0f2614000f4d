package dev.baton.core.supervisor;

import dev.baton.core.config.HooksConfig;
import dev.baton.core.os.ChildExit;
import dev.baton.core.os.ChildProcess;
import dev.baton.core.os.Identity;
import dev.baton.core.os.Os;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnException;
import dev.baton.core.os.SpawnSpec;
import dev.baton.core.spi.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One run of a hook, on a thread of its own, so the loop never waits for it. The hook is spawned
 * through the OS seam in a process group of its own that dies with baton, its stdout and stderr one
 * pipe (so its lines keep their order), read into a bounded {@link HookOutput}. When it exits, or at
 * its timeout, its whole group is SIGKILLed (what it left running goes with it). Then its output and
 * how it ended are logged, and a {@link Event.HookEnded} is posted. Lifecycle: {@link #start} once;
 * {@link #kill} (baton exits) ends the hook's group early, and the thread still posts its end.
 */
final class HookRun {
    private static final Duration GROUP_GONE_WAIT = Duration.ofSeconds(5);
    private static final Duration OUTPUT_WAIT = Duration.ofSeconds(2);

    /** How a hook ended: {@code passed} if it exited 0; else {@code reason}, one line. */
    record Result(boolean passed, String reason) {
    }

    private final HooksConfig.Kind kind;
    private final HooksConfig.Hook hook;
    private final long generation;
    private final Thread thread;
    private volatile ChildProcess process;

    HookRun(Os os, HooksConfig.Kind kind, HooksConfig.Hook hook, long generation, Map<String, String> env,
            Path workdir, Identity identity, Consumer<Event> post) {
        this.kind = kind;
        this.hook = hook;
        this.generation = generation;
        SpawnSpec spec = new SpawnSpec(hook.command().program(), hook.command().argv(), env, workdir, identity, true,
                new java.util.TreeMap<>(), true, List.of(), true, true);
        this.thread = new Thread(() -> post.accept(new Event.HookEnded(this, run(os, spec))),
                "baton-hook-" + kind.yamlName());
        thread.setDaemon(true);
    }

    HooksConfig.Kind kind() {
        return kind;
    }

    void start() {
        thread.start();
    }

    /** baton exits: the hook's group is SIGKILLed now, if it runs. */
    void kill(Os os) {
        ChildProcess p = process;
        if (p != null) {
            os.signalGroup(p.pid(), Signal.KILL);
        }
        thread.interrupt();
    }

    private String name() {
        return kind.yamlName() + " hook";
    }

    private Result run(Os os, SpawnSpec spec) {
        ChildProcess p;
        try {
            p = os.spawn(spec);
        } catch (SpawnException | RuntimeException e) {
            Lifecycle.warn(generation, name() + " ended: could not be started: " + e.getMessage());
            return new Result(false, name() + " could not be started: " + e.getMessage());
        }
        process = p;
        long started = System.nanoTime();
        Lifecycle.info(generation, name() + " started (pid " + p.pid() + "): " + spec.describeCommand());
        HookOutput output = new HookOutput();
        List<Thread> readers = new ArrayList<>();
        p.output().ifPresent(o -> {
            readers.add(output.read("baton-hook-" + kind.yamlName() + "-stdout", o.stdout()));
            readers.add(output.read("baton-hook-" + kind.yamlName() + "-stderr", o.stderr()));
        });
        ChildExit exit = null;
        boolean interrupted = false;
        try {
            exit = p.exit().toCompletableFuture().get(hook.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // late: killed with its group below
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (ExecutionException e) {
            exit = new ChildExit.SpawnFailed(0, String.valueOf(e.getCause()));
        }
        killGroup(os, p);
        awaitOutput(readers);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        logOutput(output);
        boolean passed = exit instanceof ChildExit.Exited e && e.code() == 0;
        String how = passed ? exit.describe()
                : how(exit, interrupted) + output.lastLine().map(l -> ": " + l).orElse("");
        String line = name() + " ended: " + how + " (after " + millis + " ms)"; // JSON logs: event KIND_hook_ended
        if (passed) {
            Lifecycle.info(generation, line);
        } else {
            Lifecycle.warn(generation, line);
        }
        return new Result(passed, passed ? "" : name() + " " + how);
    }

    private String how(ChildExit exit, boolean interrupted) {
        return interrupted ? "was killed: baton is stopping"
                : exit == null ? "still running after " + Durations.format(hook.timeout())
                        + " (its timeout); killed with its process group"
                : exit.describe();
    }

    /** Whatever the hook left in its group goes too (and all of it at the timeout). */
    private static void killGroup(Os os, ChildProcess p) {
        os.signalGroup(p.pid(), Signal.KILL);
        try {
            p.groupGone().toCompletableFuture().get(GROUP_GONE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a process stuck in the kernel (D state): it has been SIGKILLed and will go
        }
    }

    /** The pipes end once the group is gone, unless a process that left it holds them: wait a little only. */
    private static void awaitOutput(List<Thread> readers) {
        long deadline = System.nanoTime() + OUTPUT_WAIT.toNanos();
        for (Thread t : readers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void logOutput(HookOutput output) {
        if (output.dropped() > 0) {
            Lifecycle.info(generation, name() + " output: (" + output.dropped() + " earlier lines not shown)");
        }
        for (String line : output.lines()) {
            Lifecycle.info(generation, name() + " output: " + line);
        }
    }
}
