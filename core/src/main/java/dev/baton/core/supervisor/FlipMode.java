package dev.baton.core.supervisor;

import dev.baton.core.config.UpgradeMode;
import dev.baton.core.handover.BatonChange;

/**
 * Which kind of flip the next one is, and why, said in its "flip initiated" line: {@code
 * upgrade.mode} of the config in charge, a {@code baton upgrade --reexec}, and, in mode {@code
 * auto}, whether the baton the launcher would start now differs from this one. Only a changed
 * baton costs a JVM start; everything else flips in place, where every setting of the new config
 * takes effect all the same.
 */
final class FlipMode {
    enum Kind { IN_PLACE, REEXEC, REFUSED }

    /** The kind, and the reason for it (for a refusal: why the flip fails at once). */
    record Choice(Kind kind, String why) {
    }

    private FlipMode() {
    }

    /**
     * @param forced a {@code baton upgrade --reexec}
     * @param launcher baton was started through bin/baton (it can start a new baton)
     * @param pid1 baton is PID 1, whose exit would end the container
     */
    static Choice choose(UpgradeMode mode, boolean forced, boolean launcher, boolean pid1,
            BatonChange change) {
        if (forced) {
            if (pid1) {
                return new Choice(Kind.REFUSED, "baton upgrade --reexec: baton is PID 1, and its exit would end the"
                        + " container; flip in place (baton upgrade without --reexec)");
            }
            if (!launcher) {
                return new Choice(Kind.REFUSED, "baton upgrade --reexec: re-exec needs baton started through bin/baton"
                        + " (BATON_LAUNCHER is not set)");
            }
            return new Choice(Kind.REEXEC, "baton upgrade --reexec");
        }
        return switch (mode) {
            case REEXEC -> new Choice(Kind.REEXEC, "upgrade.mode: reexec");
            case INPLACE -> new Choice(Kind.IN_PLACE, "upgrade.mode: inplace");
            case AUTO -> auto(launcher && !pid1, change);
        };
    }

    private static Choice auto(boolean canReexec, BatonChange change) {
        if (!canReexec) {
            return new Choice(Kind.IN_PLACE, "in place: baton was not started through bin/baton, or is PID 1");
        }
        String changed = change.since().orElse(null);
        if (changed == null) {
            return new Choice(Kind.IN_PLACE, "in place: baton unchanged");
        }
        return new Choice(Kind.REEXEC, changed);
    }
}
