package dev.baton.core.supervisor;

import dev.baton.core.os.Os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The pidfile of this baton: written when its generation is in charge, moved when a flip names
 * another path, written again after a failed re-exec flip (the new baton may have written its own
 * pid), and removed at the final stop if it still names this baton. The writes go through the OS
 * seam, which does them atomically, durably and only in a directory no other user can change.
 * Touched only by the supervisor loop thread.
 */
public final class Pidfile {
    private static final int MODE = 0644;

    private final Os os;
    private Path written;

    Pidfile(Os os) {
        this.os = os;
    }

    /** Writes this baton's pid to {@code path} (if the config has one) and removes a pidfile written elsewhere before. */
    void write(Optional<Path> path) throws IOException {
        if (path.isPresent()) {
            os.replaceFile(path.get(), os.pid() + "\n", MODE);
        }
        if (written != null && !path.filter(written::equals).isPresent()) {
            removeIfOurs(written);
        }
        written = path.orElse(null);
    }

    /** After a failed re-exec flip: the pidfile names this baton again, whatever the new one wrote. */
    void restore() {
        if (written != null && !os.readFile(written).map(this::isOurs).orElse(false)) {
            try {
                os.replaceFile(written, os.pid() + "\n", MODE);
            } catch (IOException e) {
                Lifecycle.error("cannot restore pidfile " + written + ": " + e.getMessage());
            }
        }
    }

    /** baton stops: the pidfile goes, unless it names another process by now (a new baton). */
    void remove() {
        if (written != null) {
            removeIfOurs(written);
        }
    }

    private void removeIfOurs(Path path) {
        os.removeFileIf(path, this::isOurs);
    }

    private boolean isOurs(String content) {
        return content.trim().equals(Long.toString(os.pid()));
    }

    /** The pid a pidfile names, for tools and tests (it is world-readable); empty if none. */
    public static OptionalLong read(Path path) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
