package dev.baton.core.supervisor;

import dev.baton.core.config.LivenessConfig;

/**
 * What a streak of failed liveness attempts means for the loop, by {@code liveness.action}:
 * {@code replace}, an in-place flip to a fresh generation of the config in charge (queued behind
 * a flip or restart in progress); {@code exit}, baton stops and exits with
 * {@link ExitCodes#LIVENESS_FAILED}; {@code log}, one line per streak. A new generation on probation
 * is rolled back, whatever the action. News about a generation that no longer serves is dropped.
 * Loop thread only.
 */
final class Liveness {
    /** What the loop must do. */
    sealed interface Verdict {
        Verdict NONE = new None();

        record None() implements Verdict {
        }

        /** Flip, in place, from {@code g}'s config to a fresh generation. */
        record Replace(Generation g) implements Verdict {
        }

        /** The new generation on probation failed: roll the flip back, for {@code why}. */
        record RollBack(String why) implements Verdict {
        }

        /** Stop everything and exit, for {@code reason}. */
        record Exit(String reason) implements Verdict {
        }
    }

    /** The generation whose replacement waits for the flip in progress to end. */
    private Generation queued;

    /**
     * {@code e} came from the liveness run of a generation; {@code busy}: a flip or restart is in
     * progress; {@code onProbation}: that generation is a new one on probation.
     */
    Verdict failed(Event.LivenessFailed e, Generation current, boolean busy, boolean onProbation) {
        Generation g = e.generation();
        if ((g != current && !onProbation) || !g.running() || g.stop != Generation.Stop.NONE) {
            return Verdict.NONE;
        }
        LivenessConfig config = g.config.liveness().orElseThrow();
        boolean first = e.failures() == config.check().policy().failuresAllowed() + 1;
        String line = "liveness check failed " + e.failures() + " time" + (e.failures() == 1 ? "" : "s")
                + " in a row (" + e.reason() + ")";
        if (onProbation) {
            Lifecycle.warn(g, line + " on probation; rolling back");
            return new Verdict.RollBack("new child failed its liveness check (" + e.reason() + ")");
        }
        switch (config.action()) {
            case LOG -> {
                if (first) {
                    Lifecycle.warn(g, line + "; liveness.action: log");
                }
                return Verdict.NONE;
            }
            case EXIT -> {
                Lifecycle.warn(g, line + "; stopping (liveness.action: exit)");
                return new Verdict.Exit("liveness check failed: " + e.reason());
            }
            default -> {
                if (busy) {
                    if (queued != g) {
                        queued = g;
                        Lifecycle.warn(g, line + "; replacing the child once the flip in progress ends");
                    }
                    return Verdict.NONE;
                }
                Lifecycle.warn(g, line + "; replacing the child (trigger: liveness)");
                return new Verdict.Replace(g);
            }
        }
    }

    void recovered(Event.LivenessRecovered e, Generation current) {
        if (e.generation() == current && current.running()) {
            Lifecycle.info(current, "liveness check passes again after " + e.failures() + " failed attempts");
        }
        if (queued == e.generation()) {
            queued = null;
        }
    }

    /** A flip ended: the replacement queued for {@code current}, if it still serves and still needs one. */
    Verdict afterFlip(Generation current) {
        Generation g = queued;
        queued = null;
        return g == current && g.running() && g.stop == Generation.Stop.NONE ? new Verdict.Replace(g) : Verdict.NONE;
    }
}
