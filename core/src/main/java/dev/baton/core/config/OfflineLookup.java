package dev.baton.core.config;

import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The host as {@code baton check --offline} sees it: every user and group exists (uid and gid
 * 65534), baton runs as root, and every {@code ${VAR}} is set (to {@code <VAR>}); each such answer
 * is noted in {@link HostChecks#skipped}. The working directory is this one's.
 */
final class OfflineLookup implements SystemLookup {
    static final int NOBODY = 65534;
    private final SystemLookup host;
    private final HostChecks checks;
    private final Map<String, String> env;

    OfflineLookup(SystemLookup host, HostChecks checks) {
        this.host = host;
        this.checks = checks;
        this.env = new AbstractMap<>() {
            @Override
            public String get(Object key) {
                String name = String.valueOf(key);
                String value = host.env().get(name);
                if ("PATH".equals(name)) {
                    return value; // baton's own search for a bare command name, which offline skips anyway
                }
                if (value != null) {
                    checks.skip("variable " + name + ": taken from this shell, not the service's environment");
                    return value;
                }
                checks.skip("variable " + name + ": not set here; read as <" + name + ">");
                return "<" + name + ">";
            }

            @Override
            public boolean containsKey(Object key) {
                return true;
            }

            @Override
            public Set<Entry<String, String>> entrySet() {
                return host.env().entrySet();
            }
        };
    }

    @Override
    public Map<String, String> env() {
        return env;
    }

    @Override
    public Path cwd() {
        return host.cwd();
    }

    @Override
    public OptionalInt uid(String user) {
        checks.skip("user " + user + ": not looked up");
        return OptionalInt.of(NOBODY);
    }

    @Override
    public OptionalInt gid(String group) {
        checks.skip("group " + group + ": not looked up");
        return OptionalInt.of(NOBODY);
    }

    @Override
    public OptionalInt primaryGid(int uid) {
        return OptionalInt.of(NOBODY);
    }

    @Override
    public int effectiveUid() {
        checks.skip("checked as if baton ran as root");
        return 0;
    }
}
