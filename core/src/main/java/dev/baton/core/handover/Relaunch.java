package dev.baton.core.handover;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a new baton: the launcher path as {@code bin/baton} was invoked (unresolved, so a
 * swapped symlink takes effect), baton's original arguments, and its working directory.
 */
public record Relaunch(Path launcher, List<String> args, Path workdir) {
    public Relaunch {
        args = List.copyOf(args);
    }

    public List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(launcher.toString());
        argv.addAll(args);
        return argv;
    }
}
