package dev.baton.launcher;

import dev.baton.core.os.linux.SignalDispositions;
import dev.baton.core.supervisor.ExitCodes;
import picocli.CommandLine;

/** The only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (System.getenv("BATON_TRACE_START") != null) {
            // for scripts/bench-startup.py: when the JVM reached main, in epoch nanoseconds
            java.time.Instant now = java.time.Instant.now();
            System.err.println("baton-trace main " + (now.getEpochSecond() * 1_000_000_000L + now.getNano()));
        }
        BatonCommand root = new BatonCommand();
        root.rawArgs = java.util.List.of(args);
        CommandLine cli = new CommandLine(root);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("baton: internal error (a bug; please report it with this trace):");
            e.printStackTrace();
            return ExitCodes.SOFTWARE;
        });
        int code = cli.execute(args);
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

    /** A training run for the class-data archive: the JVM must exit normally to write it. */
    private static boolean dumpingClassArchive() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        System.err.println("baton: " + e.getMessage() + " (see '" + name + " --help')");
        return ExitCodes.USAGE;
    }
}
