package dev.baton.core.os;

import java.util.Optional;

/**
 * When baton may write into a directory, or follow a path through it: only root and baton's own
 * uid can change what its names point to. That is, it belongs to root or to baton's uid, and
 * neither its group nor others may write to it, unless the sticky bit is set (as on /tmp: others
 * may add names there, but not rename or remove baton's). systemd applies the same rule to
 * {@code PIDFile=}. One rule for the config check ({@code baton check}) and for the writes
 * themselves.
 */
public final class DirectoryTrust {
    private static final int STICKY = 01000;

    private DirectoryTrust() {
    }

    /** Why a directory with this owner and mode is not trusted by a baton running as {@code euid}; empty if it is. */
    public static Optional<String> problem(int ownerUid, int mode, int euid) {
        if (ownerUid != 0 && ownerUid != euid) {
            return Optional.of("it belongs to uid " + ownerUid + ", who could redirect baton's writes");
        }
        if ((mode & STICKY) == 0 && (mode & 0020) != 0) {
            return Optional.of("its group may write to it (mode " + octal(mode) + ")");
        }
        if ((mode & STICKY) == 0 && (mode & 0002) != 0) {
            return Optional.of("anyone may write to it (mode " + octal(mode) + ")");
        }
        return Optional.empty();
    }

    private static String octal(int mode) {
        return String.format("%04o", mode & 07777);
    }
}
