package dev.baton.launcher;

import dev.baton.core.os.linux.SignalDispositions;
import dev.baton.core.supervisor.ExitCodes;
import picocli.CommandLine;

import java.util.List;

/** The only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        StartTrace.mark("main");
        BatonCommand root = new BatonCommand();
        root.rawArgs = List.of(args);
        int code = QuickRun.parse(args).map(quick -> run(root, quick)).orElseGet(() -> execute(root, args));
        System.out.flush();
        System.err.flush();
        if (root.deathSignal > 0) {
            // end the way the child did, so baton's parent sees the same status
            SignalDispositions.dieBy(root.deathSignal);
            code = 128 + root.deathSignal;
        }
        if (root.supervised && !dumpingClassArchive()) {
            SignalDispositions.exitNow(code);
        }
        System.exit(code);
    }

    /** {@code baton run -c FILE [--pidfile FILE]} without picocli's model of the CLI (see {@link QuickRun}). */
    private static int run(BatonCommand root, QuickRun.Args quick) {
        RunCommand run = new RunCommand();
        run.parent = root;
        run.config = new ConfigOption();
        run.config.file = quick.config();
        run.pidfile = quick.pidfile().orElse(null);
        try {
            return run.call();
        } catch (RuntimeException | Error e) {
            return internalError(e);
        }
    }

    private static int execute(BatonCommand root, String[] args) {
        CommandLine cli = new CommandLine(root);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> internalError(e));
        return cli.execute(args);
    }

    private static int internalError(Throwable e) {
        System.err.println("baton: internal error (a bug; please report it with this trace):");
        e.printStackTrace();
        return ExitCodes.SOFTWARE;
    }

    /** A training run for the class-data archive (bin/baton train-archive): the JVM exits normally. */
    private static boolean dumpingClassArchive() {
        return Boolean.getBoolean("baton.training");
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        System.err.println("baton: " + UsageErrors.describe(e) + " (see '" + name + " --help')");
        return ExitCodes.USAGE;
    }
}
