package dev.baton.core.supervisor;

/**
 * Where the end of a probation goes, whichever side runs it. The in-place candidate's, or that of
 * the new baton of a re-exec flip (this baton being the old one, in charge), ends by commit or
 * rollback, and the loop gets that side's verdict to act on. A new baton's own probation can only
 * be rolled back, by telling the old baton. Answers {@code baton commit} and {@code baton rollback}.
 * Loop thread only.
 */
final class Probations {
    /** Ending a probation: the new generation's number (-1: none ran) and the verdict of the side that ran it. */
    record Ended(long generation, InPlaceFlip.Verdict inPlace, ToNewBaton.Verdict reexec) {
        static final Ended NONE = new Ended(-1, InPlaceFlip.Verdict.NONE, ToNewBaton.Verdict.NONE);
    }

    private final InPlaceFlip inPlace;
    private final ToNewBaton toNewBaton;
    private final FromOldBaton fromOldBaton;
    private final SupervisorListener listener;

    Probations(InPlaceFlip inPlace, ToNewBaton toNewBaton, FromOldBaton fromOldBaton, SupervisorListener listener) {
        this.inPlace = inPlace;
        this.toNewBaton = toNewBaton;
        this.fromOldBaton = fromOldBaton;
        this.listener = listener;
    }

    /** {@code g} is a new generation on probation here: its liveness failing means a rollback. */
    boolean onProbation(Generation g, Generation current) {
        return inPlace.onProbation(g) || (g == current && fromOldBaton.onProbation());
    }

    /** Ends the probation {@code p} (null: whichever runs) by {@code commit} or rollback, for {@code how}. */
    Ended end(Probation p, boolean commit, String how, Generation current) {
        if (inPlace.onProbation(p)) {
            long g = inPlace.candidate().number;
            if (commit) {
                return new Ended(g, inPlace.commit(current, how), ToNewBaton.Verdict.NONE);
            }
            inPlace.rollBack(current, how);
            listener.servingChanged(current.number, current.pid());
            return new Ended(g, InPlaceFlip.Verdict.NONE, ToNewBaton.Verdict.NONE);
        }
        if (toNewBaton.onProbation(p)) {
            long g = current.number + 1;
            if (commit) {
                return new Ended(g, InPlaceFlip.Verdict.NONE, toNewBaton.commit(current, how));
            }
            toNewBaton.rollBack(current, how);
            return new Ended(g, InPlaceFlip.Verdict.NONE, ToNewBaton.Verdict.NONE);
        }
        return Ended.NONE;
    }

    /** Answers {@code baton commit} ({@code e.commit()}) or {@code baton rollback}, once the loop ended generation {@code g}'s probation (-1: none). */
    static void answer(Event.ProbationEndRequested e, long g, Generation current, boolean stopping) {
        if (g < 0) {
            e.reply().none("no flip in probation" + (stopping ? ": baton is stopping" : ""));
        } else {
            e.reply().ended(e.commit() ? "committed: generation " + g + " takes over"
                    : "rolled back: generation " + g + " is stopping; generation " + current.number + " keeps serving");
        }
    }
}
