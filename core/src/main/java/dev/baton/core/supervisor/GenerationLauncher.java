package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.spi.Command;
import dev.baton.core.os.FdLayout;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.ChildLaunch;
import dev.baton.core.health.HealthCheck;
import dev.baton.core.spi.NotifySocket;
import dev.baton.core.spi.Probe;
import dev.baton.core.spi.ProbeResult;
import dev.baton.core.listen.HeldListeners;
import dev.baton.core.listen.ListenerEnv;
import dev.baton.core.os.ChildProcess;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.Os;
import dev.baton.core.os.SpawnException;
import dev.baton.core.os.SpawnSpec;
import dev.baton.core.config.OutputConfig;
import dev.baton.core.os.ChildOutput;
import dev.baton.core.output.OutputPump;
import dev.baton.core.output.OutputTarget;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Starts one generation: its sockets (held, or opened for it), the child's environment (baton's
 * original, the config's {@code env}, the listener variables, what its check adds), the spawn,
 * and its check on a thread of its own. What happens to the child afterwards arrives as events.
 * Loop thread only, but for the {@link CheckContext}, which a check uses from its own thread.
 */
final class GenerationLauncher {
    private static final Duration CHECK_CLOSE_WAIT = Duration.ofSeconds(2);
    /**
     * How long baton's exit waits for the output pumps to write a dead child's last lines. The
     * pipe ends when the child's group is gone, which baton's exit already waited for, so this
     * only runs out when a process that left the group still holds the pipe.
     */
    private static final Duration OUTPUT_DRAIN_WAIT = Duration.ofSeconds(5);

    private final Os os;
    private final Scheduler scheduler;
    private final HeldListeners listeners;
    private final BatonEnvironment environment;
    private final SupervisorListener listener;
    private final Consumer<Event> post;
    private final ProbeRunner probes;
    /** Every check thread that may not have closed its check yet; closed before baton exits. */
    private final List<CheckRun> checks = new ArrayList<>();
    /** Likewise every liveness run. */
    private final List<LivenessRun> livenessRuns = new ArrayList<>();
    /** The output pumps of {@code output.mode: pipe} that may still be writing; drained before baton exits. */
    private final List<OutputPump> pumps = new ArrayList<>();

    GenerationLauncher(Os os, Scheduler scheduler, HeldListeners listeners, BatonEnvironment environment,
            SupervisorListener listener, Consumer<Event> post) {
        this.os = os;
        this.scheduler = scheduler;
        this.listeners = listeners;
        this.environment = environment;
        this.listener = listener;
        this.post = post;
        this.probes = new ProbeRunner(os);
    }

    /** Spawns generation {@code number} of {@code config}; nothing is left behind if it can't. */
    Generation launch(BatonConfig config, long number) throws SpawnException, ListenException {
        HeldListeners.Prepared sockets = listeners.prepare(config.listeners());
        HealthCheck check = config.healthcheck().newCheck();
        Map<String, String> env = new LinkedHashMap<>(environment.forChild(config.env()));
        List<String> pidEnv = ListenerEnv.apply(config.listeners(), config.listenerProtocol(), number, env);
        check.prepare(new Launch(config, number, env));
        Command command = config.command();
        ChildProcess child;
        try {
            child = os.spawn(new SpawnSpec(command.program(), command.argv(), env, config.workdir(),
                    config.identity(), true, FdLayout.forChild(sockets.fds()), true, pidEnv,
                    config.output().mode() == OutputConfig.Mode.PIPE));
        } catch (SpawnException | RuntimeException e) {
            check.close();
            listeners.abandon(sockets);
            throw e;
        }
        Generation g = new Generation(number, config, child, Map.copyOf(env), sockets);
        child.output().ifPresent(output -> pump(config, number, child.pid(), output));
        check.started(child.pid());
        child.exit().thenAccept(exit -> post.accept(new Event.ChildExited(g, exit)));
        child.groupGone().thenRun(() -> post.accept(new Event.GroupGone(g)));
        g.check = new CheckRun(g, check, new Context(g, false), post);
        checks.removeIf(CheckRun::closed);
        checks.add(g.check);
        g.check.start();
        return g;
    }

    /** Copies the child's stdout and stderr to baton's, each line behind the configured prefix. */
    private void pump(BatonConfig config, long number, long pid, ChildOutput output) {
        byte[] prefix = config.output().prefixFor(number, pid);
        pumps.removeIf(OutputPump::ended);
        pumps.add(OutputPump.start("baton-output-" + number + "-stdout", output.stdout(), prefix, OutputTarget.STDOUT,
                message -> Lifecycle.warn(number, message)));
        pumps.add(OutputPump.start("baton-output-" + number + "-stderr", output.stderr(), prefix, OutputTarget.STDERR,
                message -> Lifecycle.warn(number, message)));
    }

    /** The first child could not be started: why, and baton's exit code for it. */
    static Outcome.Fail notStarted(Exception e) {
        String reason = e instanceof SpawnException || e instanceof ListenException ? e.getMessage()
                : "cannot start child: " + e;
        return new Outcome.Fail(e instanceof ListenException ? ExitCodes.LISTEN_FAILED : ExitCodes.SPAWN_FAILED, reason);
    }

    /** The generation must be healthy within its upgrade.timeout, or a HealthDeadline event says it is not. */
    void armDeadline(Generation g) {
        g.deadline = scheduler.schedule(g.config.upgrade().timeout(), () -> post.accept(new Event.HealthDeadline(g)));
    }

    /**
     * {@code g} began to serve: its liveness check starts on a thread of its own, if
     * {@code liveness:} is configured (if not, nothing runs: no thread, no timer).
     */
    void watchLiveness(Generation g) {
        if (g.config.liveness().isEmpty() || g.liveness != null || !g.running()) {
            return;
        }
        var plan = g.config.liveness().get().check();
        Probe probe = plan.spec().newProbe(); // not prepared: it did not exist when the child was spawned
        probe.started(g.pid());
        g.liveness = new LivenessRun(g, probe, plan.policy(), new Context(g, true), post);
        livenessRuns.removeIf(LivenessRun::closed);
        livenessRuns.add(g.liveness);
        g.liveness.start();
    }

    /**
     * baton's last step before it exits: every check is cancelled and closed, so that what a
     * check made for its child (a notify socket's directory) is gone on every exit path; and the
     * output pumps have written what the children wrote last.
     */
    void closeChecks() {
        long deadline = System.nanoTime() + OUTPUT_DRAIN_WAIT.toNanos();
        try {
            for (OutputPump pump : pumps) {
                pump.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (CheckRun run : checks) {
            run.cancelAndAwaitClose(CHECK_CLOSE_WAIT);
        }
        for (LivenessRun run : livenessRuns) {
            run.cancelAndAwaitClose(CHECK_CLOSE_WAIT);
        }
    }

    /** What a check may change about the child before it is spawned. */
    private final class Launch implements ChildLaunch {
        private final BatonConfig config;
        private final long number;
        private final Map<String, String> env;

        Launch(BatonConfig config, long number, Map<String, String> env) {
            this.config = config;
            this.number = number;
            this.env = env;
        }

        @Override
        public long generation() {
            return number;
        }

        @Override
        public void putEnv(String name, String value) {
            env.put(name, value);
        }

        @Override
        public OptionalInt childUid() {
            return config.identity().uid();
        }

        @Override
        public Path runtimeDirectory() {
            return environment.runtimeDirectory();
        }

        @Override
        public NotifySocket openNotifySocket() throws IOException {
            return new ChildNotifySocket(os.openNotifySocket(environment.runtimeDirectory(), config.identity().uid()));
        }
    }

    /** What a generation's check may use; called on the check's thread, touches only final fields. */
    private final class Context implements CheckContext {
        private final Generation g;
        private final boolean liveness;

        Context(Generation g, boolean liveness) {
            this.g = g;
            this.liveness = liveness;
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
            post.accept(new Event.CheckProgress(g, line)); // only when it changes: a few per check
        }

        @Override
        public ProbeResult runProbe(Command command, Duration timeout) throws InterruptedException {
            return probes.run(command, timeout, g.env, g.config.workdir(), g.config.identity(), g.number, g.pid());
        }

        @Override
        public void forwardToServiceManager(String message) {
            listener.forwardNotification(message);
        }

        @Override
        public void attempted(Duration took) {
            listener.checkAttempted(g.number, liveness, took);
        }
    }
}
