package dev.baton.core.config;

import dev.baton.core.os.linux.Users;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What config validation needs to know about the host. A seam for tests. */
public interface SystemLookup {
    /** baton's original environment: what {@code ${VAR}} reads and what the child inherits. */
    Map<String, String> env();

    /** The directory baton was started in: the default workdir. */
    Path cwd();

    /** The uid of the user named {@code user}; empty when there is none. */
    OptionalInt uid(String user);

    /** The gid of the group named {@code group}; empty when there is none. */
    OptionalInt gid(String group);

    /** The primary gid of the passwd entry of {@code uid}; empty when the uid has no passwd entry. */
    OptionalInt primaryGid(int uid);

    int effectiveUid();

    /** True when baton is PID 1 (in a container), where a re-exec flip would end everything. */
    default boolean isPid1() {
        return false;
    }

    /**
     * The soft limit on open files (RLIMIT_NOFILE) baton runs under; empty when unlimited or
     * unknown. Read without a native call.
     */
    default OptionalLong openFilesLimit() {
        return OptionalLong.empty();
    }

    static SystemLookup host(Map<String, String> env) {
        Path cwd = Path.of("").toAbsolutePath();
        return new SystemLookup() {
            @Override
            public Map<String, String> env() {
                return env;
            }

            @Override
            public Path cwd() {
                return cwd;
            }

            @Override
            public OptionalInt uid(String user) {
                return Users.uid(user);
            }

            @Override
            public OptionalInt gid(String group) {
                return Users.gid(group);
            }

            @Override
            public OptionalInt primaryGid(int uid) {
                return Users.primaryGid(uid);
            }

            @Override
            public int effectiveUid() {
                return Users.effectiveUid();
            }

            @Override
            public OptionalLong openFilesLimit() {
                return OpenFiles.softLimit();
            }

            @Override
            public boolean isPid1() {
                return ProcessHandle.current().pid() == 1;
            }
        };
    }
}
