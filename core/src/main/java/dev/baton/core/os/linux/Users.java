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

    /** The uid of a user name; empty when unknown. (The config takes a number as a uid itself.) */
    public static OptionalInt uid(String name) {
        Pointer pw = Native.LIBC.getpwnam(name);
        return pw == null ? OptionalInt.empty() : OptionalInt.of(pw.getInt(PW_UID_OFFSET));
    }

    /** The gid of a group name; empty when unknown. (The config takes a number as a gid itself.) */
    public static OptionalInt gid(String name) {
        Pointer gr = Native.LIBC.getgrnam(name);
        return gr == null ? OptionalInt.empty() : OptionalInt.of(gr.getInt(GR_GID_OFFSET));
    }

    /** The primary gid of the passwd entry of {@code uid}; empty when it has none. */
    public static OptionalInt primaryGid(int uid) {
        Pointer pw = Native.LIBC.getpwuid(uid);
        return pw == null ? OptionalInt.empty() : OptionalInt.of(pw.getInt(PW_GID_OFFSET));
    }

    public static int effectiveUid() {
        return Native.LIBC.geteuid();
    }
}
