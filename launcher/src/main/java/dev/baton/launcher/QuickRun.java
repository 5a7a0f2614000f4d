package dev.baton.launcher;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The start-up fast path: {@code baton run -c FILE [--pidfile FILE]} (the form every service and
 * every re-exec flip uses) is recognised without building picocli's model of the whole CLI, which
 * costs about a third of a new baton's start-up. Any other shape of arguments, including help and
 * anything unusual about a file name, goes through picocli as usual.
 */
final class QuickRun {
    private QuickRun() {
    }

    /** The arguments of a plain {@code run}: its config file, and its {@code --pidfile} if given. */
    record Args(Path config, Optional<Path> pidfile) {
    }

    /** {@code run} with {@code -c FILE}, {@code --config[=]FILE} and at most one {@code --pidfile[=]FILE}; empty otherwise. */
    static Optional<Args> parse(String[] args) {
        if (args.length < 2 || !args[0].equals("run")) {
            return Optional.empty();
        }
        String config = null;
        String pidfile = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            String value;
            boolean isConfig;
            if (a.equals("-c") || a.equals("--config") || a.equals("--pidfile")) {
                if (i + 1 == args.length) {
                    return Optional.empty();
                }
                isConfig = !a.equals("--pidfile");
                value = args[++i];
            } else if (a.startsWith("--config=") || a.startsWith("--pidfile=")) {
                isConfig = a.startsWith("--config=");
                value = a.substring(a.indexOf('=') + 1);
            } else {
                return Optional.empty();
            }
            if (!plain(value) || (isConfig ? config : pidfile) != null) {
                return Optional.empty();
            }
            if (isConfig) {
                config = value;
            } else {
                pidfile = value;
            }
        }
        return config == null ? Optional.empty()
                : Optional.of(new Args(Path.of(config), Optional.ofNullable(pidfile).map(Path::of)));
    }

    /** Not empty, no option, no picocli @file. */
    private static boolean plain(String value) {
        return !value.isEmpty() && !value.startsWith("-") && !value.startsWith("@");
    }
}
