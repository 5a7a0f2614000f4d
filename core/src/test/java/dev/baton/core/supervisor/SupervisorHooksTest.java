package dev.baton.core.supervisor;

import dev.baton.core.config.HooksConfig.Kind;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hooks against the fake OS: each runs on a thread of its own and posts its end, so the tests step
 * the loop until the hook is spawned, end it, and step until its end is handled.
 */
class SupervisorHooksTest extends SupervisorHarness {
    private static final Duration LONG = Duration.ofSeconds(30);

    private FakeOs.FakeChild awaitSpawn(int count) throws InterruptedException {
        stepUntil(() -> os.spawnCount() >= count);
        return child(count - 1);
    }

    private void awaitEvent(String event) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!listener.events().contains(event)) {
            if (System.nanoTime() - deadline > 0) {
                org.junit.jupiter.api.Assertions.fail("no " + event + " in " + listener.events());
            }
            sup().step(STEP);
        }
    }

    private Map<String, String> env(int spawn) {
        return os.specs().get(spawn).env();
    }

    @Test
    void failingBeforeFlipAbortsTheFlipWithItsLastLineAndNothingIsSpawned() throws Exception {
        configs = new ScriptedConfigs(gen -> cfg(gen).hook(Kind.BEFORE_FLIP, "before", LONG).build());
        os.writes("before", "checking the schema\nmigrations pending\n\n");
        startReady(cfg(1).hook(Kind.BEFORE_FLIP, "before", LONG));

        signal(Signal.HUP);
        FakeOs.FakeChild hook = awaitSpawn(2);
        assertTrue(sup().current().number == 1 && sup().candidate() == null);
        signal(Signal.HUP); // while the hook runs the flip is in progress: queued
        hook.die(exited(1));
        awaitEvent("flipEnded 2 before_flip hook exited with code 1: migrations pending");

        assertEquals(List.of("spawn v1 1001", "spawn before 1002", "KILL 1002"), os.calls().subList(0, 3),
                "nothing but the hook was spawned, and its group went at its end");
        assertEquals(List.of(), configs.loaded(), "the new config was not even read");
        SpawnSpec spec = os.specs().get(1);
        assertTrue(spec.pipeOutput() && spec.mergeStderr() && spec.newProcessGroup() && spec.dieWithParent());
        assertEquals("2", env(1).get("BATON_GENERATION"));
        assertEquals("1001", env(1).get("BATON_OLD_CHILD_PID"));
        assertEquals("", env(1).get("BATON_NEW_CHILD_PID"));
        assertEquals("", env(1).get("BATON_FLIP_RESULT"));
        assertEquals("/root", env(1).get("HOME"), "baton's original environment");
        assertNull(env(1).get("BATON_INTERNAL"), "baton's own variables do not reach a hook");
        assertNull(env(1).get("NOTIFY_SOCKET"));
        assertNull(env(1).get("LISTEN_FDS"));

        FakeOs.FakeChild again = awaitSpawn(3); // the queued flip starts: its before_flip runs again
        assertEquals("/hooks/before", again.spec.program().toString());
        again.die(exited(0));
        stepUntil(() -> sup().candidate() != null);
        assertEquals(2, sup().candidate().number);
        assertEquals(List.of(2L), configs.loaded());
    }

    @Test
    void failingAfterHealthyStopsTheNewChildAndTheOldGenerationKeepsServing() throws Exception {
        configs.then(cfg(2).hook(Kind.AFTER_HEALTHY, "smoke", LONG).build());
        os.writes("smoke", "GET / -> 500\n");
        startReady();
        signal(Signal.HUP);
        check(2).pass();
        FakeOs.FakeChild smoke = awaitSpawn(3);
        assertEquals(Map.of("BATON_GENERATION", "2", "BATON_OLD_CHILD_PID", "1001", "BATON_NEW_CHILD_PID", "1002"),
                Map.of("BATON_GENERATION", env(2).get("BATON_GENERATION"),
                        "BATON_OLD_CHILD_PID", env(2).get("BATON_OLD_CHILD_PID"),
                        "BATON_NEW_CHILD_PID", env(2).get("BATON_NEW_CHILD_PID")));
        assertEquals(1, sup().current().number, "no takeover while after_healthy runs");

        smoke.die(exited(2));
        stepUntil(() -> os.calls().contains("KILL 1002"));
        child(1).die(killedBy(Signal.KILL));
        awaitEvent("flipEnded 2 after_healthy hook exited with code 2: GET / -> 500");
        assertEquals(1, sup().current().number);
        assertEquals(1001, sup().current().pid());
        assertFalse(os.calls().contains("TERM 1001"), "the old child was never told to stop");
        assertFalse(child(0).exited());
    }

    @Test
    void passingAfterHealthyLetsTheNewChildTakeOver() throws Exception {
        configs.then(cfg(2).hook(Kind.AFTER_HEALTHY, "smoke", LONG).build());
        startReady();
        signal(Signal.HUP);
        check(2).pass();
        awaitSpawn(3).die(exited(0));
        stepUntil(() -> sup().current().number == 2);
        assertTrue(os.calls().contains("TERM 1001"));
    }

    @Test
    void notificationsThatFailChangeNoOutcome() throws Exception {
        configs = new ScriptedConfigs(gen -> cfg(gen).hook(Kind.AFTER_FLIP, "flipped", LONG)
                .hook(Kind.ON_FAILURE, "failed", LONG).build());
        os.childrenDieOn(Signal.TERM);
        startReady(cfg(1).hook(Kind.AFTER_FLIP, "flipped", LONG).hook(Kind.ON_FAILURE, "failed", LONG));

        signal(Signal.HUP);
        passCandidate(2);
        awaitEvent("flipEnded 2 ok");
        FakeOs.FakeChild flipped = awaitSpawn(3);
        assertEquals("/hooks/flipped", flipped.spec.program().toString());
        assertEquals("committed", env(2).get("BATON_FLIP_RESULT"));
        assertEquals("1001", env(2).get("BATON_OLD_CHILD_PID"));
        assertEquals("1002", env(2).get("BATON_NEW_CHILD_PID"));
        flipped.die(exited(1));
        stepUntil(() -> os.calls().contains("KILL " + flipped.pid));
        drain();
        assertEquals(2, sup().current().number, "a failed after_flip does not undo the flip");
        assertEquals(Optional.empty(), sup().outcome());

        stepUntil(() -> !sup().flipBusy());
        signal(Signal.HUP);
        FakeOs.FakeChild candidate = awaitSpawn(4);
        check(3).fail("connection refused");
        awaitEvent("flipEnded 3 connection refused");
        FakeOs.FakeChild failed = awaitSpawn(5);
        assertEquals("/hooks/failed", failed.spec.program().toString());
        assertEquals("failed", env(4).get("BATON_FLIP_RESULT"));
        assertEquals("3", env(4).get("BATON_GENERATION"));
        assertEquals("connection refused", env(4).get("BATON_REASON"));
        assertEquals(Long.toString(candidate.pid), env(4).get("BATON_NEW_CHILD_PID"));
        failed.die(exited(1));
        stepUntil(() -> !sup().flipBusy());
        assertEquals(2, sup().current().number, "a failed on_failure changes nothing either");
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void aHookThatHangsIsKilledWithItsGroupAtItsTimeout() throws Exception {
        configs = new ScriptedConfigs(gen -> cfg(gen).hook(Kind.BEFORE_FLIP, "hang", Duration.ofMillis(200)).build());
        startReady(cfg(1).hook(Kind.BEFORE_FLIP, "hang", Duration.ofMillis(200)));
        os.childrenDieOn(Signal.TERM); // the hook ends only by a signal
        signal(Signal.HUP);
        FakeOs.FakeChild hang = awaitSpawn(2);
        awaitEvent("flipEnded 2 before_flip hook still running after 200ms (its timeout); killed with its process group");
        assertTrue(hang.isGone());
        assertEquals(List.of("spawn v1 1001", "spawn hang 1002", "KILL 1002"), os.calls());
        assertEquals(1, sup().current().number);
    }

    @Test
    void whenTheServingChildDiesWhileBeforeFlipRunsTheFlipMayStillTakeOver() throws Exception {
        configs = new ScriptedConfigs(gen -> cfg(gen).hook(Kind.BEFORE_FLIP, "before", LONG).build());
        startReady(cfg(1).hook(Kind.BEFORE_FLIP, "before", LONG));
        signal(Signal.HUP);
        FakeOs.FakeChild hook = awaitSpawn(2);
        child(0).die(exited(1));
        drain();
        assertEquals(Optional.empty(), sup().outcome(), "the flip may still replace it");
        hook.die(exited(0));
        stepUntil(() -> sup().candidate() != null);
        passCandidate(2);
        awaitEvent("flipEnded 2 ok");
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void whenTheServingChildDiesWhileBeforeFlipRunsAndItFailsTheDeathIsDecidedOnAfterwards() throws Exception {
        configs = new ScriptedConfigs(gen -> cfg(gen).hook(Kind.BEFORE_FLIP, "before", LONG).build());
        startReady(cfg(1).hook(Kind.BEFORE_FLIP, "before", LONG)); // restart: never
        signal(Signal.HUP);
        FakeOs.FakeChild hook = awaitSpawn(2);
        child(0).die(exited(3));
        drain();
        hook.die(exited(1));
        stepUntil(() -> sup().outcome().isPresent());
        assertEquals(new Outcome.Relay(exited(3)), sup().outcome().get(), "baton exits as its child did");
        assertEquals(2, os.spawnCount(), "no new child");
    }
}
