package dev.baton.launcher;

import dev.baton.core.os.ChildExit;
import dev.baton.core.supervisor.ExitCodes;
import dev.baton.core.supervisor.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * {@code baton run -c FILE}: supervise the configured child until it ends or baton is stopped
 * ({@link BatonRun}). Started by an old baton (BATON_PROTOCOL set), it is the new baton of a
 * re-exec flip. Exits the way the child exited.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"Start the configured child and supervise it: pass stdio through, forward signals, "
                + "flip it on the upgrade signal, and exit the way it exits."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @ParentCommand
    BatonCommand parent;

    @Option(names = "--pidfile", paramLabel = "FILE",
            description = "Write baton's pid there once the child is healthy, in place of the config's pidfile: "
                    + "(so that a unit's PIDFile= and ExecStart= name it once).")
    java.nio.file.Path pidfile;

    @Override
    public Integer call() {
        config.pidfile = pidfile;
        BatonRun.Result result = new BatonRun(config, parent.rawArgs).run();
        if (result instanceof BatonRun.Result.NotStarted n) {
            return n.exitCode();
        }
        parent.supervised = true;
        return exitCode(((BatonRun.Result.Supervised) result).outcome());
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
