package dev.baton.core.os.linux;

import jnr.ffi.Pointer;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * Resolves user and group names: from {@code /etc/passwd} and {@code /etc/group} first
 * ({@link IdFiles}: no native binding at config validation), then through libc's NSS
 * (getpwnam/getgrnam) for a name the files don't hold.
 */
public final class Users {
    private static final int PW_UID_OFFSET = 16;
    private static final int PW_GID_OFFSET = 20;
    private static final int GR_GID_OFFSET = 16;

    private Users() {
    }

    /** The uid of a user name; empty when unknown. (The config takes a number as a uid itself.) */
    public static OptionalInt uid(String name) {
        OptionalInt local = fromFile(IdFiles.PASSWD, name, 2);
        if (local.isPresent()) {
            return local;
        }
        Pointer pw = Native.LIBC.getpwnam(name);
        return pw == null ? OptionalInt.empty() : OptionalInt.of(pw.getInt(PW_UID_OFFSET));
    }

    /** The gid of a group name; empty when unknown. (The config takes a number as a gid itself.) */
    public static OptionalInt gid(String name) {
        OptionalInt local = fromFile(IdFiles.GROUP, name, 2);
        if (local.isPresent()) {
            return local;
        }
        Pointer gr = Native.LIBC.getgrnam(name);
        return gr == null ? OptionalInt.empty() : OptionalInt.of(gr.getInt(GR_GID_OFFSET));
    }

    /** The primary gid of the passwd entry of {@code uid}; empty when it has none. */
    public static OptionalInt primaryGid(int uid) {
        String passwd = IdFiles.read(IdFiles.PASSWD);
        OptionalInt local = passwd == null ? OptionalInt.empty() : IdFiles.primaryGidOf(passwd, uid);
        if (local.isPresent()) {
            return local;
        }
        Pointer pw = Native.LIBC.getpwuid(uid);
        return pw == null ? OptionalInt.empty() : OptionalInt.of(pw.getInt(PW_GID_OFFSET));
    }

    /** From {@code /proc/self/status}; through libc only when that can't be read. */
    public static int effectiveUid() {
        String status = IdFiles.read(IdFiles.PROC_STATUS);
        OptionalInt euid = status == null ? OptionalInt.empty() : IdFiles.effectiveUid(status);
        return euid.isPresent() ? euid.getAsInt() : Native.LIBC.geteuid();
    }

    private static OptionalInt fromFile(Path file, String name, int field) {
        String table = IdFiles.read(file);
        return table == null ? OptionalInt.empty() : IdFiles.idOf(table, name, field);
    }
}
