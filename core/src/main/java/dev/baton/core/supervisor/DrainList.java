package dev.baton.core.supervisor;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What drains in the background (shutdown.max_draining), for {@code baton status} and, after a
 * re-exec takeover, for the new baton: this baton's old generations draining in place, its own
 * generation once it handed over (it drains here until its child is gone), and what the old
 * batons before it said drains there. The loop calls {@link #publish} after every event; only a
 * change is told. Loop thread only.
 */
final class DrainList {
    private final SupervisorListener listener;
    private final ToNewBaton toNewBaton;
    private final long batonPid;
    private List<String> told = List.of();
    private String handedOver;

    DrainList(SupervisorListener listener, ToNewBaton toNewBaton, long batonPid) {
        this.listener = listener;
        this.toNewBaton = toNewBaton;
        this.batonPid = batonPid;
    }

    /** One generation's line: its number, child pid, and when its SIGKILL falls due. */
    static String describe(Generation g) {
        Instant kill = Instant.now().plus(g.config.shutdown().delay()).plus(g.config.shutdown().timeout());
        return "generation " + g.number + " (child pid " + g.pid() + ", SIGKILL at " + kill.truncatedTo(ChronoUnit.SECONDS)
                + ")";
    }

    /** This baton handed over and drains {@code g} in the background until its child is gone. */
    void handedOver(Generation g) {
        handedOver = describe(g);
    }

    /**
     * @param inPlace this baton's old generations draining in place, {@code ownGone}: this baton's
     *     handed-over generation is gone, {@code there} what the old batons said drains there
     */
    void publish(List<String> inPlace, boolean ownGone, List<String> there) {
        List<String> own = new ArrayList<>(inPlace);
        if (handedOver != null && !ownGone) {
            own.add(0, handedOver);
        }
        List<String> all = new ArrayList<>();
        own.forEach(line -> all.add(toNewBaton.drainsInBackground() ? line + " in baton pid " + batonPid : line));
        all.addAll(there);
        if (!all.equals(told)) {
            told = List.copyOf(all);
            listener.draining(told);
            toNewBaton.tellDraining(told);
        }
    }

    /** How many generations drain now (as last told). */
    int size() {
        return told.size();
    }
}
