package dev.baton.core.os.linux;

import jnr.ffi.Pointer;

import java.util.OptionalInt;

/** Resolves user and group names through libc's NSS (getpwnam/getgrnam). */
public final class Users {
    private static final int PW_UID_OFFSET = 16;
    private static final int PW_GID_OFFSET = 20;
    private static final int GR_GID_OFFSET = 16;

    private Users() {
    }

    public static OptionalInt uid(String nameOrNumber) {
        if (nameOrNumber.chars().allMatch(Character::isDigit) && !nameOrNumber.isEmpty()) {
            return OptionalInt.of(Integer.parseInt(nameOrNumber));
        }
        Pointer pw = Native.LIBC.getpwnam(nameOrNumber);
        return pw == null ? OptionalInt.empty() : OptionalInt.of(pw.getInt(PW_UID_OFFSET));
    }

    public static OptionalInt gid(String nameOrNumber) {
        if (nameOrNumber.chars().allMatch(Character::isDigit) && !nameOrNumber.isEmpty()) {
            return OptionalInt.of(Integer.parseInt(nameOrNumber));
        }
        Pointer gr = Native.LIBC.getgrnam(nameOrNumber);
        return gr == null ? OptionalInt.empty() : OptionalInt.of(gr.getInt(GR_GID_OFFSET));
    }

    public static OptionalInt primaryGid(int uid) {
        Pointer pw = Native.LIBC.getpwuid(uid);
        return pw == null ? OptionalInt.empty() : OptionalInt.of(pw.getInt(PW_GID_OFFSET));
    }

    public static int effectiveUid() {
        return Native.LIBC.geteuid();
    }
}
