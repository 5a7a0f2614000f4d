package dev.baton.launcher;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigException;
import dev.baton.core.config.ConfigLoader;
import dev.baton.core.control.ControlProtocol;
import dev.baton.core.supervisor.DryRun;
import dev.baton.core.supervisor.FlipHistory;
import dev.baton.core.config.TemplateVars;
import dev.baton.core.config.UpgradeMode;
import dev.baton.core.control.ControlService;
import dev.baton.core.control.ControlSocket;
import dev.baton.core.control.RuntimeDirectory;
import dev.baton.core.handover.BatonChange;
import dev.baton.core.handover.Bootstrap;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.InstalledBaton;
import dev.baton.core.handover.Message;
import dev.baton.core.handover.Relaunch;
import dev.baton.core.listen.HeldListeners;
import dev.baton.core.metrics.MetricsSetup;
import dev.baton.core.notify.SystemdNotifier;
import dev.baton.core.notify.SystemdReporter;
import dev.baton.core.os.FdLayout;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.linux.LinuxOs;
import dev.baton.core.os.linux.OsUnavailableException;
import dev.baton.core.os.linux.Users;
import dev.baton.core.supervisor.BatonEnvironment;
import dev.baton.core.supervisor.ExitCodes;
import dev.baton.core.supervisor.Outcome;
import dev.baton.core.supervisor.Scheduler;
import dev.baton.core.supervisor.StatusBoard;
import dev.baton.core.supervisor.Supervisor;
import dev.baton.core.supervisor.SupervisorListener;
import dev.baton.core.control.ProbationReply;
import dev.baton.core.control.UpgradeReply;
import dev.baton.launcher.logging.LogSetup;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What {@code baton run} does, in the order the start-up path needs it (every re-exec flip runs it
 * in a fresh JVM): the new baton's bootstrap if an old baton started this one, the config, logging,
 * the OS seam, the control socket, the listeners (inherited, from systemd, or none yet), and the
 * supervisor, which starts the first child. A start that can't go on is an exit code.
 */
final class BatonRun {
    /** How a run ended: supervised to an outcome, or stopped before that with an exit code. */
    sealed interface Result {
        record Supervised(Outcome outcome) implements Result {
        }

        record NotStarted(int exitCode) implements Result {
        }
    }

    /** How long an exiting baton gives its control connections to write the answers already decided. */
    private static final Duration ANSWER_GRACE = Duration.ofSeconds(2);

    private final ConfigOption config;
    private final List<String> rawArgs;
    private final AtomicReference<ControlService> controlService = new AtomicReference<>();
    private final Map<String, String> processEnv = System.getenv();
    private final BatonEnvironment environment = BatonEnvironment.fromProcess(processEnv);

    BatonRun(ConfigOption config, List<String> rawArgs) {
        this.config = config;
        this.rawArgs = rawArgs;
    }

    Result run() {
        StartTrace.mark("run");
        SignalRelay signals = new SignalRelay();
        signals.install();
        ConfigLoader loader = config.loader(environment);
        try {
            LinuxOs os = null;
            Optional<Bootstrap> newBaton = Optional.empty();
            if (Bootstrap.isNewBaton(processEnv)) {
                os = LinuxOs.create(); // the handover channel first: a refusal must reach the old baton
                newBaton = Bootstrap.open(processEnv, os, Version.get());
            }
            long generation = newBaton.map(Bootstrap::generation).orElse(1L);
            BatonConfig first = loadFirst(loader, generation, newBaton);
            StartTrace.mark("config");
            LogSetup.apply(first.log());
            StartTrace.mark("logging");
            Optional<Relaunch> relaunch = Optional.ofNullable(processEnv.get("BATON_LAUNCHER"))
                    .map(launcher -> new Relaunch(Path.of(launcher), rawArgs, Path.of("").toAbsolutePath()));
            if (first.upgrade().mode() == UpgradeMode.REEXEC && relaunch.isEmpty()) {
                System.err.println("baton: upgrade.mode reexec needs baton started through bin/baton (BATON_LAUNCHER "
                        + "is not set); start it with bin/baton, or set upgrade.mode: auto or inplace");
                return new Result.NotStarted(ExitCodes.CONFIG);
            }
            BatonChange change = batonChange(relaunch);
            if (os == null) {
                os = LinuxOs.create();
            }
            StartTrace.mark("os");
            BatonEnvironment environment = signals.resetInheritedIgnores()
                    ? this.environment.withHangupsIgnored() : this.environment;
            Optional<ControlSocket.Bound> control = newBaton.isPresent()
                    // the old baton chose the path (maybe a random directory): read it back from the socket
                    ? (newBaton.get().inheritsControl(processEnv) ? ControlSocket.inherited(os, FdLayout.CONTROL)
                            : Optional.empty())
                    : Optional.of(ControlSocket.create(os, first.source(), environment.original()));
            Path runtime = runtimeDirectory(control, newBaton);
            LoggerFactory.getLogger("baton").atInfo().addKeyValue("generation", generation).log("baton "
                    + Version.get() + " starting" + (newBaton.isPresent() ? " as the new baton of a flip" : ""));
            HeldListeners held = new HeldListeners(os);
            if (newBaton.isPresent()) {
                newBaton.get().adoptListeners(held, processEnv);
            } else {
                SocketActivation.adopt(os, held, processEnv);
            }
            SystemdReporter systemd = new SystemdReporter(SystemdNotifier.fromEnvironment(processEnv), os.pid(),
                    newBaton.isPresent());
            systemd.startWatchdog(processEnv);
            FlipHistory history = FlipHistory.open(os, control.map(c -> historyFile(c.path())), newBaton.isPresent());
            StatusBoard status = new StatusBoard(os.pid(), Version.get()).withHistory(history);
            InCharge inCharge = new InCharge(newBaton.isEmpty());
            int controlFd = control.map(ControlSocket.Bound::fd).orElse(-1);
            MetricsSetup metrics = metrics(os, first, history, newBaton);
            Supervisor supervisor = new Supervisor(os, g -> loader.load(config.file, new TemplateVars(g)),
                    Scheduler.system(), environment.withRuntimeDirectory(runtime),
                    SupervisorListener.all(inCharge, systemd, history, status, metrics.listener()),
                    new HandoverSetup(relaunch, newBaton.map(Bootstrap::oldBaton), Version.get(), controlFd,
                            newBaton.map(Bootstrap::oldBatonPid).orElse(-1L),
                            newBaton.map(Bootstrap::protocol).orElse(Message.PROTOCOL), change, metrics.fd()), held);
            if (controlFd >= 0) {
                long pid = os.pid();
                inCharge.whenInCharge(() -> controlService.set(ControlService.start(controlFd, pid, Users.effectiveUid(),
                        new ControlService.Target() {
                            @Override
                            public String status() {
                                return status.toJson();
                            }

                            @Override
                            public void upgrade(UpgradeReply reply) {
                                supervisor.requestUpgrade(reply);
                            }

                            @Override
                            public void endProbation(boolean commit, ProbationReply reply) {
                                supervisor.requestProbationEnd(commit, reply);
                            }

                            @Override
                            public String history() {
                                return new dev.baton.core.text.Json()
                                        .string("service_started", history.serviceStarted().toString())
                                        .raw("flips", "[" + String.join(",", history.last(FlipHistory.KEEP_SHOWN))
                                                + "]").toString();
                            }

                            @Override
                            public ControlProtocol dryRun() throws InterruptedException {
                                java.util.concurrent.CompletableFuture<DryRun> result =
                                        new java.util.concurrent.CompletableFuture<>();
                                supervisor.requestDryRun(result::complete);
                                try {
                                    // the diff is made here, off the loop; a loop that has ended never answers
                                    return dryRunAnswer(result.get(DRY_RUN_WAIT_SECONDS, TimeUnit.SECONDS));
                                } catch (java.util.concurrent.ExecutionException e) {
                                    return new ControlProtocol.Error(String.valueOf(e.getCause()));
                                } catch (java.util.concurrent.TimeoutException e) {
                                    return new ControlProtocol.Busy("baton is stopping");
                                }
                            }
                        })));
            }
            inCharge.whenHandedOver(() -> {
                ControlService service = controlService.get();
                if (service != null) {
                    service.stopAccepting();
                }
            });
            signals.attach(supervisor::signal);
            StartTrace.mark("supervise");
            Outcome outcome = supervisor.run(first);
            awaitControlAnswers();
            if (inCharge.now() && !(outcome instanceof Outcome.HandedOver) && control.isPresent()) {
                ControlSocket.remove(control.get().path()); // baton finally stops; never during a flip
            }
            return new Result.Supervised(outcome);
        } catch (OsUnavailableException e) {
            System.err.println("baton: " + e.getMessage());
            return new Result.NotStarted(ExitCodes.MISSING_TOOL);
        } catch (Bootstrap.Refused e) {
            if (!e.toldOldBaton()) {
                System.err.println("baton: " + e.getMessage());
            }
            return new Result.NotStarted(switch (e.kind()) {
                case PROTOCOL -> ExitCodes.PROTOCOL;
                case CONFIG -> ExitCodes.CONFIG;
                case RUNTIME -> ExitCodes.LISTEN_FAILED;
            });
        } catch (ConfigException e) {
            System.err.println("baton: " + e.getMessage());
            return new Result.NotStarted(ExitCodes.CONFIG);
        } catch (ListenException e) {
            System.err.println("baton: " + e.getMessage());
            return new Result.NotStarted(ExitCodes.LISTEN_FAILED);
        }
    }

    private static final long DRY_RUN_WAIT_SECONDS = 30;

    /** {@code metrics:}, after the flip history; a new baton that can't listen tells its old baton. */
    private MetricsSetup metrics(LinuxOs os, BatonConfig first, FlipHistory history, Optional<Bootstrap> newBaton)
            throws ListenException, Bootstrap.Refused {
        try {
            return MetricsSetup.start(os, first.metrics(), processEnv, Version.get(),
                    () -> history.last(FlipHistory.KEEP_SHOWN), newBaton.isPresent());
        } catch (ListenException e) {
            if (newBaton.isPresent()) {
                throw newBaton.get().refuse(Bootstrap.Refused.Kind.RUNTIME, e.getMessage());
            }
            throw e;
        }
    }

    /** The flip history beside the control socket: {@code NAME-HASH.sock} → {@code NAME-HASH.flips}. */
    static Path historyFile(Path controlSocket) {
        String name = controlSocket.getFileName().toString();
        return controlSocket.resolveSibling((name.endsWith(".sock") ? name.substring(0, name.length() - 5) : name)
                + ".flips");
    }

    /** A dry run's result as the control protocol says it. */
    private static ControlProtocol dryRunAnswer(DryRun result) {
        if (result instanceof DryRun.WouldFlip w) {
            return new ControlProtocol.WouldFlip(w.how(), ConfigDiff.between(w.current(), w.next()));
        }
        if (result instanceof DryRun.WouldNot n) {
            return new ControlProtocol.Invalid(n.reason());
        }
        return new ControlProtocol.Busy(((DryRun.Busy) result).why());
    }

    /**
     * For {@code upgrade.mode: auto}: this baton as it runs (taken now, near the JVM's start) against
     * what the launcher would start at each flip. Without the launcher, baton can't re-exec at all.
     */
    private BatonChange batonChange(Optional<Relaunch> relaunch) {
        if (relaunch.isEmpty()) {
            return BatonChange.UNKNOWN;
        }
        Path launcher = relaunch.get().launcher();
        Path jar;
        try {
            jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return BatonChange.UNKNOWN;
        }
        String home = processEnv.get("BATON_HOME");
        InstalledBaton running = InstalledBaton.running(launcher, home == null ? null : Path.of(home), jar, processEnv);
        return BatonChange.of(running, () -> InstalledBaton.wouldLaunch(launcher, processEnv));
    }

    /** An upgrade's OK, decided by the loop, is written by its connection's thread before this baton exits. */
    private void awaitControlAnswers() {
        ControlService service = controlService.get();
        if (service == null) {
            return;
        }
        try {
            service.awaitAnswered(ANSWER_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A new baton's invalid config is a refusal the old baton logs; the first baton's, a line of its own. */
    private BatonConfig loadFirst(ConfigLoader loader, long generation, Optional<Bootstrap> newBaton)
            throws ConfigException, Bootstrap.Refused {
        try {
            return loader.load(config.file, new TemplateVars(generation));
        } catch (ConfigException e) {
            if (newBaton.isPresent()) {
                throw newBaton.get().refuse(Bootstrap.Refused.Kind.CONFIG, "config error: " + e.getMessage());
            }
            throw e;
        }
    }

    private Path runtimeDirectory(Optional<ControlSocket.Bound> control, Optional<Bootstrap> newBaton)
            throws Bootstrap.Refused {
        if (control.isPresent()) {
            return control.get().path().getParent();
        }
        try {
            return RuntimeDirectory.prepare(Users.effectiveUid(), environment.original());
        } catch (IOException e) {
            throw newBaton.orElseThrow().refuse(Bootstrap.Refused.Kind.RUNTIME,
                    "cannot set up baton's runtime directory: " + e.getMessage());
        }
    }

    /**
     * Whether this baton is in charge of its service: the first baton is from the start, a new baton
     * once the old one accepted the handover. Logging follows every applied config.
     */
    private static final class InCharge implements SupervisorListener {
        private final AtomicBoolean inCharge;
        private volatile Runnable onceInCharge = () -> { };
        private volatile Runnable onceHandedOver = () -> { };

        InCharge(boolean initially) {
            inCharge = new AtomicBoolean(initially);
        }

        /** Runs {@code action} once this baton has handed over to a new one. */
        void whenHandedOver(Runnable action) {
            onceHandedOver = action;
        }

        /** Runs {@code action} now if in charge, else once this baton takes over. */
        void whenInCharge(Runnable action) {
            onceInCharge = action;
            if (inCharge.get()) {
                action.run();
            }
        }

        boolean now() {
            return inCharge.get();
        }

        @Override
        public void configApplied(BatonConfig applied) {
            LogSetup.apply(applied.log());
        }

        @Override
        public void tookOver(long generation, long childPid) {
            inCharge.set(true);
            onceInCharge.run(); // a new baton answers the control socket once it is in charge
        }

        @Override
        public void handedOver(long newBatonPid) {
            inCharge.set(false);
            onceHandedOver.run(); // and an old baton stops answering it: it may drain for minutes
        }
    }
}
