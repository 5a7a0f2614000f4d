package dev.baton.launcher;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code baton version}. */
@Command(name = "version", description = "Print baton's version.", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class)
final class VersionCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println("baton " + Version.get());
        return 0;
    }
}
