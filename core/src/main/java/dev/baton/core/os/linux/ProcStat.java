package dev.baton.core.os.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fields of /proc/self/stat, read without native code. The command name (field 2) is in
 * parentheses and may hold spaces or parentheses itself, so fields are counted from the last ')'.
 */
final class ProcStat {
    private static final Path SELF = Path.of("/proc/self/stat");

    private ProcStat() {
    }

    /** {@code tty_nr} (field 7): the controlling terminal's device number, 0 if none or unreadable. */
    static long controllingTerminal() {
        try {
            return field(Files.readString(SELF, StandardCharsets.US_ASCII), 7);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Field {@code n} (1-based, as proc(5) numbers them; n ≥ 3) of a stat line, as a number. */
    static long field(String stat, int n) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(after[n - 3]);
    }
}
