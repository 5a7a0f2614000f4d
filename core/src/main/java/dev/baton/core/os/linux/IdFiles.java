package dev.baton.core.os.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The ids config validation needs, read from files instead of through libc, so that validating a
 * config binds no native library (jnr-ffi costs ~25 ms at start-up): the effective uid from
 * {@code /proc/self/status}, user and group names from {@code /etc/passwd} and {@code /etc/group}.
 *
 * <p>The files are only the first source. A name they don't hold (a user from LDAP or sssd through
 * NSS) is left to {@link Users}, which then asks libc, so every name libc knows still resolves.
 * The limit: with an {@code nsswitch.conf} that puts another source <em>before</em> {@code files}
 * and that source also holds a name of {@code /etc/passwd} with a different id, baton takes the
 * file's id where libc would take the other. NIS compat lines ({@code +name}, {@code -name}) are
 * skipped, so such names go to libc too.
 */
final class IdFiles {
    static final Path PROC_STATUS = Path.of("/proc/self/status");
    static final Path PASSWD = Path.of("/etc/passwd");
    static final Path GROUP = Path.of("/etc/group");

    private IdFiles() {
    }

    /** The effective uid in a {@code /proc/<pid>/status} text (its "Uid:" line: real, effective, ...). */
    static OptionalInt effectiveUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                return ids.length >= 2 ? number(ids[1]) : OptionalInt.empty();
            }
        }
        return OptionalInt.empty();
    }

    /** Field {@code field} (0-based) of the entry named {@code name} in a passwd or group text. */
    static OptionalInt idOf(String table, String name, int field) {
        for (String line : table.split("\n")) {
            String[] parts = line.split(":", -1);
            if (parts.length > field && parts[0].equals(name) && !compat(parts[0])) {
                return number(parts[field]);
            }
        }
        return OptionalInt.empty();
    }

    /** The primary gid (field 3) of the first passwd entry whose uid (field 2) is {@code uid}. */
    static OptionalInt primaryGidOf(String passwd, int uid) {
        String wanted = Integer.toString(uid);
        for (String line : passwd.split("\n")) {
            String[] parts = line.split(":", -1);
            if (parts.length > 3 && !compat(parts[0]) && parts[2].equals(wanted)) {
                return number(parts[3]);
            }
        }
        return OptionalInt.empty();
    }

    /** The text of a file, or null when it can't be read (the caller falls back to libc). */
    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean compat(String name) {
        return name.isEmpty() || name.startsWith("+") || name.startsWith("-");
    }

    private static OptionalInt number(String text) {
        if (text.isEmpty() || text.length() > 10) {
            return OptionalInt.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return OptionalInt.empty();
            }
        }
        long value = Long.parseLong(text);
        return value > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) value);
    }
}
