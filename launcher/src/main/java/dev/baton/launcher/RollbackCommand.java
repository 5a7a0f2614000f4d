package dev.baton.launcher;

import dev.baton.core.control.ControlProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code baton rollback -c FILE}: ends the probation of the flip in progress by rolling it back. */
@Command(name = "rollback", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"End the probation (upgrade.probation) of the running baton's flip now by rolling it back: "
                + "the new generation is stopped and the old one keeps serving; the flip is reported as failed.",
            ProbationRequest.EXIT_CODES})
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        return ProbationRequest.send(config.file, new ControlProtocol.RollbackRequest(), "rollback");
    }
}
