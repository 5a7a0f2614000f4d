package dev.baton.launcher;

import dev.baton.core.supervisor.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code baton}: the top-level command. */
@Command(name = "baton",
        mixinStandardHelpOptions = true,
        versionProvider = Version.Provider.class,
        description = "Zero-downtime process flipper: supervises one child and replaces it, and itself, "
                + "without dropping a request.",
        subcommands = {RunCommand.class, CheckCommand.class, UpgradeCommand.class, CommitCommand.class,
            RollbackCommand.class, StatusCommand.class, HistoryCommand.class,
            VersionCommand.class, HelpCommand.class, GenerateCommand.Man.class, GenerateCommand.Completion.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the child exited 0 (run), or the config is valid (check)",
            "1-125:the child's own exit code, relayed",
            "signal:if the child died by a signal, baton dies by the same signal (shells show 128+N)",
            "64:usage error (no command, an unknown command or option, a missing argument)",
            "69:the first child never became healthy within upgrade.timeout",
            "70:internal error (a bug in baton)",
            "71:the child could not be spawned",
            "72:a tool baton needs is missing (java, setpriv, /bin/sh)",
            "73:the pidfile could not be written",
            "74:a listener or the control socket could not be opened (address in use, permission denied)",
            "75:a new baton lost its old baton before the handover was final",
            "76:a new baton was given a handover protocol version it doesn't speak",
            "78:invalid config",
            "79:the child failed its liveness check and liveness.action is exit"})
public final class BatonCommand implements Callable<Integer> {
    /** Set by {@code run} when baton must die by the signal that killed its child. */
    int deathSignal;

    /** Set by {@code run} once native code is loaded and supervision ended: exit with _exit(2). */
    boolean supervised;

    /** The arguments baton was started with, for a re-exec flip to start the new baton with. */
    List<String> rawArgs = List.of();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Bare {@code baton}: no command given is a usage error, as for any tool with subcommands. */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return ExitCodes.USAGE;
    }
}
