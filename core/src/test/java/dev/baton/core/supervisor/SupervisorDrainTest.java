package dev.baton.core.supervisor;

import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * shutdown.max_draining, in place: a flip ends at the takeover and its old generation drains in the
 * background with its own stop timeout; further flips start meanwhile, up to the limit, past which
 * the next flip waits (queued) until one is gone.
 */
class SupervisorDrainTest extends SupervisorHarness {
    private final List<List<String>> draining = new ArrayList<>();
    private Supervisor supervisor;

    @Override
    Supervisor sup() {
        if (supervisor == null) {
            supervisor = new Supervisor(os, configs, clock, environment, SupervisorListener.all(listener,
                    new SupervisorListener() {
                        @Override
                        public void draining(List<String> generations) {
                            draining.add(generations);
                        }
                    }));
        }
        return supervisor;
    }

    private TestConfig drains(long g, int max) {
        return cfg(g).maxDraining(max).stopTimeout(Duration.ofSeconds(30));
    }

    private List<String> flipEnds() {
        return listener.events().stream().filter(e -> e.startsWith("flipEnded")).toList();
    }

    private void flip(long g) throws InterruptedException {
        signal(Signal.HUP);
        passCandidate(g);
    }

    @Test
    void aFlipEndsAtTheTakeoverAndTheNextStartsWhileTheOldGenerationDrains() throws Exception {
        os.childrenDieOn(Signal.KILL); // and not on TERM: they drain until they are done
        configs = new ScriptedConfigs(g -> drains(g, 3).build());
        startReady(drains(1, 3));
        flip(2);
        assertEquals(List.of("flipEnded 2 ok"), flipEnds(), "ended at the takeover");
        assertTrue(os.calls().contains("TERM 1001"), "the old generation is told to stop as ever");
        flip(3);
        flip(4);
        assertEquals(List.of("flipEnded 2 ok", "flipEnded 3 ok", "flipEnded 4 ok"), flipEnds());
        assertEquals(3, draining.get(draining.size() - 1).size());
        assertTrue(draining.get(draining.size() - 1).get(0).startsWith("generation 1 (child pid 1001, SIGKILL at "),
                draining.toString());

        child(1).die(exited(0)); // generation 2 drained by itself
        drain();
        assertEquals(2, draining.get(draining.size() - 1).size());
        advance(Duration.ofSeconds(30)); // the others' own timeouts
        assertTrue(os.calls().containsAll(List.of("KILL 1001", "KILL 1003")), os.calls().toString());
        assertTrue(!os.calls().contains("KILL 1002"));
        assertEquals(List.of(), draining.get(draining.size() - 1));
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void atTheLimitTheNextFlipWaitsUntilOneIsGone() throws Exception {
        configs = new ScriptedConfigs(g -> drains(g, 1).build());
        startReady(drains(1, 1));
        flip(2);
        signal(Signal.HUP);
        assertEquals(2, os.spawnCount(), "queued: one generation drains already");
        child(0).die(exited(0));
        drain();
        assertEquals(3, os.spawnCount(), "the queued flip starts once it is gone");
        assertEquals(3, sup().candidate().number);
    }

    @Test
    void withoutMaxDrainingAFlipEndsWhenTheOldGroupIsGone() throws Exception {
        startReady();
        flip(2);
        assertEquals(List.of(), flipEnds());
        signal(Signal.HUP);
        assertEquals(2, os.spawnCount(), "queued as before");
        child(0).die(exited(0));
        drain();
        assertEquals(List.of("flipEnded 2 ok"), flipEnds());
        assertEquals(3, os.spawnCount());
        assertEquals(List.of(), draining, "nothing drains in the background");
    }

    @Test
    void termStopsEveryDrainingGeneration() throws Exception {
        configs = new ScriptedConfigs(g -> drains(g, 3).build());
        startReady(drains(1, 3));
        flip(2);
        flip(3);
        signal(Signal.TERM);
        assertTrue(os.calls().containsAll(List.of("TERM 1001", "TERM 1002", "TERM 1003")), os.calls().toString());
    }
}
