package dev.baton.launcher;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigException;
import dev.baton.core.config.ConfigLoader;
import dev.baton.core.config.SystemLookup;
import dev.baton.core.config.TemplateVars;
import dev.baton.core.config.UpgradeMode;
import dev.baton.core.handover.HandoverEnv;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Message;
import dev.baton.core.handover.Relaunch;
import dev.baton.core.health.HealthChecks;
import dev.baton.core.control.RuntimeDirectory;
import dev.baton.core.control.StatusBoard;
import dev.baton.core.listen.HeldListeners;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.linux.ControlServer;
import dev.baton.core.os.linux.Users;
import dev.baton.core.notify.SystemdNotifier;
import dev.baton.core.notify.SystemdReporter;
import dev.baton.core.os.ChildExit;
import dev.baton.core.os.LineChannel;
import dev.baton.core.os.linux.LinuxOs;
import dev.baton.core.os.linux.OsUnavailableException;
import dev.baton.core.supervisor.BatonEnvironment;
import dev.baton.core.supervisor.ExitCodes;
import dev.baton.core.supervisor.Outcome;
import dev.baton.core.supervisor.Scheduler;
import dev.baton.core.supervisor.Supervisor;
import dev.baton.core.supervisor.SupervisorListener;
import dev.baton.launcher.logging.LogSetup;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code baton run -c FILE}: supervise the configured child until it ends or baton is stopped.
 * Started by an old baton (BATON_PROTOCOL set), it is the new baton of a re-exec flip.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start the configured child and supervise it: pass stdio through, forward signals, "
                + "flip it on the upgrade signal, and exit the way it exits."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @ParentCommand
    BatonCommand parent;

    @Override
    public Integer call() {
        StartTrace.mark("run");
        SignalRelay signals = new SignalRelay();
        signals.install();
        Map<String, String> processEnv = System.getenv();
        BatonEnvironment environment = BatonEnvironment.fromProcess(processEnv);
        ConfigLoader loader = new ConfigLoader(HealthChecks.installed(System.getenv()), SystemLookup.host(environment.original()));

        LinuxOs os = null;
        LineChannel predecessor = null;
        long generation = 1;
        if (HandoverEnv.isSuccessor(processEnv)) {
            try {
                os = LinuxOs.create();
            } catch (OsUnavailableException e) {
                System.err.println("baton: " + e.getMessage());
                return ExitCodes.MISSING_TOOL;
            }
            predecessor = os.inheritedChannel(HandoverEnv.FD);
            String protocol = processEnv.get(HandoverEnv.PROTOCOL);
            if (!Integer.toString(Message.PROTOCOL).equals(protocol)) {
                return refuse(predecessor, ExitCodes.PROTOCOL, "handover protocol version " + protocol
                        + " is not spoken by baton " + Version.get() + " (it speaks " + Message.PROTOCOL + ")");
            }
            generation = HandoverEnv.generation(processEnv).orElse(0);
            if (generation < 2) {
                return refuse(predecessor, ExitCodes.PROTOCOL, HandoverEnv.GENERATION + " is missing or invalid");
            }
        }

        BatonConfig first;
        try {
            first = loader.load(config.file, new TemplateVars(generation));
        } catch (ConfigException e) {
            if (predecessor != null) {
                return refuse(predecessor, ExitCodes.CONFIG, "config error: " + e.getMessage());
            }
            System.err.println("baton: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        StartTrace.mark("config");
        LogSetup.apply(first.log());
        StartTrace.mark("logging");
        Optional<Relaunch> relaunch = Optional.ofNullable(processEnv.get("BATON_LAUNCHER"))
                .map(launcher -> new Relaunch(Path.of(launcher), parent.rawArgs, Path.of("").toAbsolutePath()));
        if (first.upgrade().mode() == UpgradeMode.REEXEC && relaunch.isEmpty()) {
            System.err.println("baton: upgrade.mode reexec needs baton started through bin/baton (BATON_LAUNCHER is "
                    + "not set); start it with bin/baton, or set upgrade.mode: inplace");
            return ExitCodes.CONFIG;
        }
        if (os == null) {
            try {
                os = LinuxOs.create();
            } catch (OsUnavailableException e) {
                System.err.println("baton: " + e.getMessage());
                return ExitCodes.MISSING_TOOL;
            }
        }
        StartTrace.mark("os");
        signals.resetInheritedIgnores();
        Optional<ControlSocket.Bound> control;
        if (predecessor != null) {
            // the old baton chose the path (maybe a random directory): read it back from the socket
            control = processEnv.containsKey(HandoverEnv.CONTROL_FD)
                    ? ControlSocket.inherited(os, HandoverEnv.CONTROL) : Optional.empty();
        } else {
            try {
                control = Optional.of(ControlSocket.create(os, first.source(), environment.original()));
            } catch (ListenException e) {
                System.err.println("baton: " + e.getMessage());
                return ExitCodes.LISTEN_FAILED;
            }
        }
        int controlFd = control.map(ControlSocket.Bound::fd).orElse(-1);
        Path runtime;
        try {
            runtime = control.isPresent() ? control.get().path().getParent()
                    : RuntimeDirectory.prepare(Users.effectiveUid(), environment.original());
        } catch (java.io.IOException e) {
            return refuse(predecessor, ExitCodes.LISTEN_FAILED, "cannot set up baton's runtime directory: "
                    + e.getMessage());
        }
        LoggerFactory.getLogger("baton").atInfo().addKeyValue("generation", generation)
                .log("baton " + Version.get() + " starting" + (predecessor != null ? " as the new baton of a flip" : ""));
        HeldListeners held = new HeldListeners(os);
        if (predecessor != null) {
            try {
                held.adoptFromPredecessor(processEnv.get(HandoverEnv.LISTENERS));
            } catch (ListenException e) {
                return refuse(predecessor, ExitCodes.PROTOCOL, e.getMessage());
            }
        } else {
            SocketActivation.adopt(os, held, processEnv);
        }
        SystemdReporter systemd = new SystemdReporter(SystemdNotifier.fromEnvironment(processEnv), os.pid(),
                predecessor != null);
        systemd.startWatchdog(processEnv);
        StatusBoard status = new StatusBoard(os.pid(), Version.get());
        AtomicBoolean inCharge = new AtomicBoolean(predecessor == null);
        AtomicReference<Runnable> startControl = new AtomicReference<>(() -> { });
        SupervisorListener lifecycle = new SupervisorListener() {
            @Override
            public void configApplied(BatonConfig applied) {
                LogSetup.apply(applied.log());
            }

            @Override
            public void tookOver(long generation, long childPid) {
                inCharge.set(true);
                startControl.get().run(); // a new baton answers the control socket once it is in charge
            }
        };
        Supervisor supervisor = new Supervisor(os, g -> loader.load(config.file, new TemplateVars(g)),
                Scheduler.system(), environment.withRuntimeDirectory(runtime),
                SupervisorListener.all(lifecycle, systemd, status),
                new HandoverSetup(relaunch, Optional.ofNullable(predecessor), Version.get(), controlFd,
                        predecessor != null ? os.parentPid() : -1), held);
        if (controlFd >= 0) {
            int fd = controlFd;
            long pid = os.pid();
            startControl.set(() -> ControlServer.start(fd, pid, Users.effectiveUid(),
                    new ControlHandler(supervisor, status)));
            if (inCharge.get()) {
                startControl.get().run();
            }
        }
        signals.attach(supervisor::signal);
        StartTrace.mark("supervise");
        Outcome outcome = supervisor.run(first);
        if (inCharge.get() && !(outcome instanceof Outcome.HandedOver) && control.isPresent()) {
            ControlSocket.remove(control.get().path()); // baton finally stops; never during a flip
        }
        parent.supervised = true;
        return exitCode(outcome);
    }

    /** A new baton that can't go on says why to the old one, which logs it; then it exits. */
    private static int refuse(LineChannel predecessor, int code, String reason) {
        if (!predecessor.send(new Message.Fail(reason).format())) {
            System.err.println("baton: " + reason);
        }
        predecessor.close();
        return code;
    }

    private int exitCode(Outcome outcome) {
        if (outcome instanceof Outcome.HandedOver) {
            return ExitCodes.OK;
        }
        if (outcome instanceof Outcome.Fail f) {
            return f.exitCode();
        }
        ChildExit exit = ((Outcome.Relay) outcome).exit();
        if (exit instanceof ChildExit.Exited e) {
            return e.code();
        }
        if (exit instanceof ChildExit.Signaled s) {
            parent.deathSignal = s.signal();
            return 128 + s.signal();
        }
        return ExitCodes.SPAWN_FAILED;
    }
}
