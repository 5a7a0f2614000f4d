package dev.baton.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runs {@code scripts/bench.sh} plans, by the names {@code --only} takes. */
class BenchPlanTest {
    @Test
    void theFaultsToAServingGenerationRunOnceInListenersMode() {
        List<Scenario.Spec> specs = Bench.plan(10, 0, 3, "listeners,reuseport,alternate");
        for (String name : List.of("fault-probation-rollback", "fault-crash-restart")) {
            List<Scenario.Spec> runs = specs.stream().filter(s -> s.name().equals(name)).toList();
            assertEquals(1, runs.size(), name);
            assertEquals(Scenario.Mode.LISTENERS, runs.get(0).mode(), name);
            assertEquals(3, runs.get(0).flips(), name + ": --fault-runs");
        }
        assertTrue(specs.stream().anyMatch(s -> s.name().equals("fault-crash-after-accept-alternate")),
                "the faults compared across modes still run in each");
    }
}
