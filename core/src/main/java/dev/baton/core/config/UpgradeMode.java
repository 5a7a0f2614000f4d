package dev.baton.core.config;

import java.util.Locale;

/** How a flip is done. */
public enum UpgradeMode {
    /** A new baton (a new JVM, through the launcher) takes over; baton itself is upgraded. */
    REEXEC,
    /** baton keeps its pid and flips only the child. For containers and foreground use. */
    INPLACE;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
