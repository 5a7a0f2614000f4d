package dev.baton.launcher;

import dev.baton.core.control.ControlProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code baton commit -c FILE}: ends the probation of the flip in progress early, committing it. */
@Command(name = "commit", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
        description = {"End the probation (upgrade.probation) of the running baton's flip now: the new generation "
                + "takes over and the old one is stopped, as when the probation passes.", ProbationRequest.EXIT_CODES})
final class CommitCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        return ProbationRequest.send(config.file, new ControlProtocol.CommitRequest(), "commit");
    }
}
