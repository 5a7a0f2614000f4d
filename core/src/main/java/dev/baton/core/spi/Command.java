package dev.baton.core.spi;

import java.nio.file.Path;
import java.util.List;

/**
 * A command as configured ({@code argv}) and the absolute path of its program, resolved
 * through the child's PATH and workdir and checked to be an executable file. What
 * {@link CheckSettings#command} reads and {@link CheckContext#runProbe} runs; baton's own config
 * uses it for the child's command too. Part of the health-check SPI, version 1.
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
