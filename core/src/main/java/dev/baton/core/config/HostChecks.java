package dev.baton.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether validation looks at this host (users, groups, files, variables) or lints the config
 * without it ({@code baton check --offline}, for a machine other than the one it will run on):
 * then each lookup that would have been made is skipped and said, once, in {@link #skipped}.
 */
public final class HostChecks {
    private final boolean offline;
    private final List<String> skipped = new ArrayList<>();

    private HostChecks(boolean offline) {
        this.offline = offline;
    }

    public static HostChecks online() {
        return new HostChecks(false);
    }

    /** A new, empty record of what one offline load skipped. */
    public static HostChecks offline() {
        return new HostChecks(true);
    }

    public boolean isOffline() {
        return offline;
    }

    /** Offline: {@code what} was not checked on this host. */
    synchronized void skip(String what) {
        if (!skipped.contains(what)) {
            skipped.add(what);
        }
    }

    /** What was not checked, in the order met. */
    public synchronized List<String> skipped() {
        return List.copyOf(skipped);
    }
}
