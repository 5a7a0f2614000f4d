package dev.baton.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** baton's figures as ratios to the peer's, and the flip-time targets judged from the same runs. */
class ComparisonTest {
    private static final long T0 = 1_000_000;

    /**
     * {@code n} flips: the new child spawned at SIGHUP+spawn, healthy and answering +answer later,
     * the old child signalled at SIGHUP+signal and gone at SIGHUP+gone.
     */
    private static Report run(Scenario.Spec spec, int n, long spawn, long answer, long signal, long gone, boolean inPlace,
            double idle, double peak, double cpu) {
        List<Timeline> flips = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long hup = T0 + i * 10_000L;
            flips.add(new Timeline(i + 2, hup, -1, hup + spawn, hup + spawn + answer, hup + spawn + answer, hup + signal,
                    -1, hup + gone, -1, inPlace));
        }
        return new Report(new Scenario.Result(spec, List.of(), flips, n, 0, T0 - 3000, T0 - 1, T0 + n * 10_000L, idle,
                idle, idle, idle, cpu, 11, 11, 11, 0, null, List.of(), new Scenario.Supervision(idle, peak, cpu)));
    }

    private static final List<Scenario.Spec> PLAN = Comparison.plan(5, List.of("default", "reexec"), 1);

    @Test
    void ratiosAreBatonsOverThePeersAndTargetsAreJudged() {
        Report peer = run(PLAN.get(0), 5, 5, 150, 1006, 1030, true, 14.5, 14.5, 0.0);
        // default: in place, signalled 200 ms after SIGHUP; the app's start-up was 150 ms in the peer's
        // run (170 in this one): within 150 + 60
        Report def = run(PLAN.get(1), 5, 20, 170, 200, 230, true, 60, 64, 0.2);
        // re-exec: the new child spawned 390 ms after SIGHUP: over 200
        Report reexec = run(PLAN.get(2), 5, 390, 180, 650, 690, false, 60, 126, 3.0);

        Comparison c = Comparison.of(List.of(peer, def, reexec)).orElseThrow();

        List<Comparison.Target> targets = c.targets();
        assertEquals("PASS", targets.get(0).verdict(), "200 <= 150 + 60: " + targets.get(0));
        assertEquals(210, targets.get(0).bound(), "over the app's start-up in the peer's run");
        assertTrue(targets.get(0).boundText().contains("(170 in this run)"), targets.get(0).boundText());
        assertEquals("PASS", targets.get(1).verdict(), "230 <= 0.7 x 1030: " + targets.get(1));
        assertEquals("FAIL", targets.get(2).verdict(), "390 > 200: " + targets.get(2));
        String md = c.markdown();
        assertTrue(md.contains("| SIGHUP → old child gone, p50 | 1030 ms | 230 ms (**0.22×**) | 690 ms (**0.67×**) |"), md);
        assertTrue(md.contains("| supervisor CPU for 5 flips | 0.00 s | 0.20 s (**>20×**) | 3.00 s (**>300×**) |"),
                "a peer's CPU below one 10 ms tick gives a lower bound: " + md);
        assertTrue(c.table().contains("baton default (in place)"), c.table());
    }

    @Test
    void withoutADefaultRunTheDefaultTargetsAreNotMeasured() {
        Report peer = run(PLAN.get(0), 5, 5, 130, 1006, 1030, true, 14.5, 14.5, 0.05);
        Report reexec = run(PLAN.get(2), 5, 150, 180, 400, 440, false, 60, 126, 3.0);

        List<Comparison.Target> targets = Comparison.of(List.of(peer, reexec)).orElseThrow().targets();

        assertEquals("not measured", targets.get(0).verdict());
        assertEquals("not measured", targets.get(1).verdict());
        assertEquals("PASS", targets.get(2).verdict(), "150 <= 200");
    }
}
