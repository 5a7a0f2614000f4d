package dev.baton.core.config;

import java.util.Locale;

/** How a flip is done. */
public enum UpgradeMode {
    /** A new baton (a new JVM, through the launcher) takes over; baton itself is upgraded. */
    REEXEC,
    /** baton keeps its pid and flips only the child. For containers and foreground use. */
    INPLACE,
    /**
     * The default: in place, unless the baton the launcher would start now differs from the
     * running one (jar, java, {@code BATON_JAVA_OPTS}, launcher, plugins): then re-exec. As PID 1,
     * it is {@link #INPLACE}, resolved when the config is read.
     */
    AUTO;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
