package dev.baton.launcher;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The start-up fast path: {@code baton run -c FILE} (the form every service and every re-exec flip
 * uses) is recognised without building picocli's model of the whole CLI, which costs about a third
 * of a new baton's start-up. Any other shape of arguments, including help and anything unusual
 * about the file name, goes through picocli as usual.
 */
final class QuickRun {
    private QuickRun() {
    }

    /** The config file of a plain {@code run -c FILE} / {@code run --config[=]FILE}; empty otherwise. */
    static Optional<Path> configOf(String[] args) {
        if (args.length < 2 || !args[0].equals("run")) {
            return Optional.empty();
        }
        String file = null;
        if (args.length == 3 && (args[1].equals("-c") || args[1].equals("--config"))) {
            file = args[2];
        } else if (args.length == 2 && args[1].startsWith("--config=")) {
            file = args[1].substring("--config=".length());
        }
        if (file == null || file.isEmpty() || file.startsWith("-") || file.startsWith("@")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(file));
    }
}
