package dev.baton.core.config;

import java.nio.file.Path;
import java.util.List;

/**
 * A command as configured ({@code argv}) and the absolute path of its program, resolved
 * through the child's PATH and workdir and checked to be an executable file.
 */
public record Command(List<String> argv, Path program) {
    public Command {
        argv = List.copyOf(argv);
        if (!program.isAbsolute()) {
            throw new IllegalArgumentException("program must be absolute");
        }
    }

    public List<String> args() {
        return argv.subList(1, argv.size());
    }
}
