package dev.baton.core.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A host for config tests: no real users, environment or working directory involved. */
public final class TestSystem implements SystemLookup {
    public final Map<String, String> env = new LinkedHashMap<>();
    public final Map<String, Integer> users = new HashMap<>();
    public final Map<String, Integer> groups = new HashMap<>();
    /** The passwd entries: uid to primary gid. */
    public final Map<Integer, Integer> passwd = new HashMap<>();
    public Path cwd;
    public int effectiveUid;
    public OptionalLong openFilesLimit = OptionalLong.empty();
    public boolean pid1;

    public TestSystem(Path cwd) {
        this.cwd = cwd;
    }

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
        Integer id = users.get(user);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public OptionalInt gid(String group) {
        Integer id = groups.get(group);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public OptionalInt primaryGid(int uid) {
        Integer gid = passwd.get(uid);
        return gid == null ? OptionalInt.empty() : OptionalInt.of(gid);
    }

    @Override
    public int effectiveUid() {
        return effectiveUid;
    }

    @Override
    public boolean isPid1() {
        return pid1;
    }

    @Override
    public OptionalLong openFilesLimit() {
        return openFilesLimit;
    }
}
