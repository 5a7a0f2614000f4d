package dev.baton.core.supervisor;

import dev.baton.core.os.ChildExit;

/**
 * Where a child's news leads (its check passed or failed, it exited), by whose it was and what the
 * loop was doing. A check passed: the first child is ready, or a candidate may take over. A check
 * failed: a candidate's flip fails, or the first child failed. An exit: logged only (baton stops,
 * or handed over); the first child failed; the serving child died while a flip may still take
 * over (what is left of its group is stopped, and the flip goes on); a candidate died before it was
 * healthy (its flip fails); or the serving child died with nothing to take over (a flip whose
 * before_flip hook runs may still take over; if it fails, the flip's end sees to the dead child), which
 * {@link Restarts} decides on. On probation, a new child's exit rolls the flip back, and the old
 * child's commits it (nothing is left to roll back to). News that no longer matters is dropped.
 * Loop thread only.
 */
final class ChildEvents {
    /** What the loop must do. */
    sealed interface Verdict {
        Verdict NONE = new None();

        record None() implements Verdict {
        }

        /** The first child is healthy. */
        record FirstReady() implements Verdict {
        }

        /** A candidate is healthy: it may take over. */
        record CandidateHealthy(Generation g) implements Verdict {
        }

        /**
         * The first child never served: baton stops, with {@code failure} (null: the child's own
         * exit); {@code toOldBaton} says why to an old baton.
         */
        record FirstChildFailed(Outcome.Fail failure, String toOldBaton) implements Verdict {
        }

        /** The new child on probation died ({@code why}): roll the flip back. */
        record RollBack(String why) implements Verdict {
        }

        /** The old child died while the new one was on probation: commit the flip now. */
        record Commit() implements Verdict {
        }

        /** The serving child died by itself and nothing takes over. */
        record ServingDied() implements Verdict {
        }
    }

    private final InPlaceFlip inPlace;
    private final ToNewBaton toNewBaton;
    private final FromOldBaton fromOldBaton;
    private final Stopper stopper;
    private final Hooks hooks;

    ChildEvents(InPlaceFlip inPlace, ToNewBaton toNewBaton, FromOldBaton fromOldBaton, Stopper stopper, Hooks hooks) {
        this.hooks = hooks;
        this.inPlace = inPlace;
        this.toNewBaton = toNewBaton;
        this.fromOldBaton = fromOldBaton;
        this.stopper = stopper;
    }

    Verdict checkPassed(Generation g, Generation current, boolean ready, boolean shuttingDown) {
        if (g.exit != null || g.failed || g.healthy || shuttingDown) {
            return Verdict.NONE;
        }
        g.healthy = true;
        g.deadline.cancel();
        g.check = null;
        if (g == current && !ready) {
            return new Verdict.FirstReady();
        }
        return g == inPlace.candidate() ? new Verdict.CandidateHealthy(g) : Verdict.NONE;
    }

    Verdict unhealthy(Generation g, String reason, Generation current, boolean ready, boolean shuttingDown) {
        if (g.healthy || g.exit != null || g.failed || shuttingDown) {
            return Verdict.NONE;
        }
        if (g == inPlace.candidate()) {
            inPlace.fail(g, reason, current);
        } else if (g == current && !ready) {
            Lifecycle.warn(g, "child " + reason + "; stopping");
            return new Verdict.FirstChildFailed(new Outcome.Fail(ExitCodes.UNHEALTHY, "child " + reason),
                    "new child " + reason);
        }
        return Verdict.NONE;
    }

    Verdict exited(Generation g, ChildExit exit, Generation current, boolean ready, boolean shuttingDown) {
        g.exit = exit;
        g.deadline.cancel();
        g.cancelCheck();
        if (g == current) {
            if (shuttingDown || toNewBaton.handedOver()) {
                Lifecycle.info(g, "child " + exit.describe());
            } else if (!ready) {
                Lifecycle.warn(g, "child " + exit.describe() + " before it was healthy");
                return new Verdict.FirstChildFailed(null, "new child " + exit.describe() + " before it was healthy");
            } else if (fromOldBaton.onProbation()) {
                Lifecycle.warn(g, "child " + exit.describe() + " on probation; rolling back");
                return new Verdict.RollBack("new child " + exit.describe());
            } else if (inPlace.onProbation((Probation) null) || toNewBaton.onProbation(null)) {
                Lifecycle.warn(g, "child " + exit.describe() + " while the new generation was on probation; committing");
                stopper.begin(g, false);
                return new Verdict.Commit();
            } else if (inPlace.mayTakeOver()) {
                Lifecycle.warn(g, "child " + exit.describe() + " during a flip; waiting for generation "
                        + inPlace.candidate().number);
                stopper.begin(g, false);
            } else if (toNewBaton.mayTakeOver()) {
                Lifecycle.warn(g, "child " + exit.describe() + " during a flip; waiting for the new baton");
                stopper.begin(g, false);
            } else if (hooks.runs(dev.baton.core.config.HooksConfig.Kind.BEFORE_FLIP)) {
                Lifecycle.warn(g, "child " + exit.describe() + " during a flip; waiting for its before_flip hook");
                stopper.begin(g, false);
            } else {
                return new Verdict.ServingDied();
            }
        } else if (inPlace.onProbation(g) && !shuttingDown) {
            return new Verdict.RollBack("new child " + exit.describe());
        } else if (g == inPlace.candidate() && !g.failed && !shuttingDown) {
            inPlace.fail(g, "new child " + exit.describe() + " before it was healthy", current);
        }
        return Verdict.NONE;
    }
}
