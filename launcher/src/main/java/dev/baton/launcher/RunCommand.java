package dev.baton.launcher;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigException;
import dev.baton.core.config.ConfigLoader;
import dev.baton.core.config.SystemLookup;
import dev.baton.core.config.TemplateVars;
import dev.baton.core.health.HealthChecks;
import dev.baton.core.os.ChildExit;
import dev.baton.core.os.linux.LinuxOs;
import dev.baton.core.os.linux.OsUnavailableException;
import dev.baton.core.supervisor.BatonEnvironment;
import dev.baton.core.supervisor.ExitCodes;
import dev.baton.core.supervisor.Outcome;
import dev.baton.core.supervisor.Scheduler;
import dev.baton.core.supervisor.Supervisor;
import dev.baton.core.supervisor.SupervisorListener;
import dev.baton.launcher.logging.LogSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code baton run -c FILE}: supervise the configured child until it ends or baton is stopped. */
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
        SignalRelay signals = new SignalRelay();
        signals.install();
        BatonEnvironment environment = BatonEnvironment.fromProcess(System.getenv());
        ConfigLoader loader = new ConfigLoader(HealthChecks.fromClassPath(), SystemLookup.host(environment.original()));
        BatonConfig first;
        try {
            first = loader.load(config.file, TemplateVars.FIRST);
        } catch (ConfigException e) {
            System.err.println("baton: " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        LogSetup.apply(first.log());
        LinuxOs os;
        try {
            os = LinuxOs.create();
        } catch (OsUnavailableException e) {
            System.err.println("baton: " + e.getMessage());
            return ExitCodes.MISSING_TOOL;
        }
        signals.resetInheritedIgnores();
        Supervisor supervisor = new Supervisor(os, generation -> loader.load(config.file, new TemplateVars(generation)),
                Scheduler.system(), environment, new SupervisorListener() {
                    @Override
                    public void configApplied(BatonConfig applied) {
                        LogSetup.apply(applied.log());
                    }
                });
        signals.attach(supervisor::signal);
        Outcome outcome = supervisor.run(first);
        return exitCode(outcome);
    }

    private int exitCode(Outcome outcome) {
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
