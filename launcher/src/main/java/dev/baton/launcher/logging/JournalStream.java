package dev.baton.launcher.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether stderr is connected to the systemd journal: {@code JOURNAL_STREAM} holds
 * "DEVICE:INODE" of the journal's stream, which must match stderr's own (a redirect elsewhere
 * keeps the variable but changes the fd).
 */
final class JournalStream {
    private JournalStream() {
    }

    static boolean isStderr(Map<String, String> env) {
        String value = env.get("JOURNAL_STREAM");
        if (value == null || !value.contains(":")) {
            return false;
        }
        try {
            String[] parts = value.split(":", 2);
            long dev = Long.parseLong(parts[0]);
            long ino = Long.parseLong(parts[1]);
            Path stderr = Path.of("/proc/self/fd/2");
            return ((Number) Files.getAttribute(stderr, "unix:dev")).longValue() == dev
                    && ((Number) Files.getAttribute(stderr, "unix:ino")).longValue() == ino;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
