package dev.baton.core.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a program the way execvp would, but in Java, before anything is spawned: a name with
 * a slash is taken relative to the workdir, a bare name is searched in the child's PATH.
 */
final class CommandResolver {
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    private final String path;
    private final Path workdir;
    private final HostChecks host;

    CommandResolver(String path, Path workdir, HostChecks host) {
        this.path = path == null || path.isEmpty() ? DEFAULT_PATH : path;
        this.workdir = workdir;
        this.host = host;
    }

    /** Returns the program, or empty with {@code why[0]} explaining what was wrong. */
    Optional<Path> resolve(String name, String[] why) {
        try {
            return find(name, why);
        } catch (InvalidPathException e) {
            why[0] = "not a valid path (" + e.getReason() + ")";
            return Optional.empty();
        }
    }

    private Optional<Path> find(String name, String[] why) {
        if (name.isEmpty()) {
            why[0] = "the program name is empty";
            return Optional.empty();
        }
        if (host.isOffline()) {
            host.skip("command " + name + ": not looked up");
            return Optional.of(workdir.resolve(name.contains("/") ? "" : firstPathDir()).resolve(name).normalize());
        }
        if (name.contains("/")) {
            Path p = workdir.resolve(name).normalize();
            return check(p, why) ? Optional.of(p) : Optional.empty();
        }
        String firstProblem = null;
        for (String dir : path.split(":", -1)) {
            Path p = workdir.resolve(dir.isEmpty() ? "." : dir).resolve(name).normalize();
            if (!Files.exists(p)) {
                continue;
            }
            String[] w = new String[1];
            if (check(p, w)) {
                return Optional.of(p);
            }
            if (firstProblem == null) {
                firstProblem = w[0];
            }
        }
        why[0] = firstProblem != null ? firstProblem : "not found in PATH " + path;
        return Optional.empty();
    }

    /** Offline, a bare name stands for the first directory of PATH that execvp would try. */
    private String firstPathDir() {
        String first = path.split(":", -1)[0];
        return first.isEmpty() ? "." : first;
    }

    private static boolean check(Path p, String[] why) {
        if (!Files.exists(p)) {
            why[0] = p + " does not exist";
            return false;
        }
        if (Files.isDirectory(p)) {
            why[0] = p + " is a directory";
            return false;
        }
        if (!Files.isExecutable(p)) {
            why[0] = p + " is not executable";
            return false;
        }
        return true;
    }
}
