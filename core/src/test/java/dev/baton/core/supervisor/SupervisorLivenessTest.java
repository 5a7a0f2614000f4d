package dev.baton.core.supervisor;

import dev.baton.core.config.LivenessConfig;
import dev.baton.core.config.RestartConfig;
import dev.baton.core.os.Signal;
import dev.baton.core.spi.Attempt;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.baton.core.config.LivenessConfig.Action.EXIT;
import static dev.baton.core.config.LivenessConfig.Action.LOG;
import static dev.baton.core.config.LivenessConfig.Action.REPLACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** liveness: a check that runs while a generation serves, and what a streak of failures leads to. */
class SupervisorLivenessTest extends SupervisorHarness {
    private final ScriptedLiveness liveness = new ScriptedLiveness();

    private TestConfig watched(LivenessConfig.Action action, int failuresAllowed) {
        return cfg(1).liveness(liveness.config(action, failuresAllowed)).stopTimeout(Duration.ofSeconds(2));
    }

    /** Live liveness threads in this JVM (other tests' may still run: compare counts). */
    private static long livenessThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("baton-liveness"))
                .count();
    }

    @Test
    void withoutLivenessNoThreadAndNoTimerRunsWhileTheChildServes() throws Exception {
        long before = livenessThreads();
        startReady();
        signal(Signal.HUP);
        passCandidate(2);
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(0, liveness.made());
        assertNull(sup().current().liveness);
        assertEquals(before, livenessThreads(), "no liveness thread");
        assertEquals(0, clock.pending(), "no timer while the child serves");
    }

    @Test
    void theCheckStartsOnceTheFirstChildIsReady() throws Exception {
        sup().start(watched(REPLACE, 0).build());
        assertEquals(0, liveness.made(), "not while the child starts");
        check(1).pass();
        stepUntil(sup()::ready);
        assertEquals(1001, liveness.forPid(1001).pid);
        assertEquals(0, clock.pending(), "its pauses are its own thread's, not timers of the loop");
    }

    @Test
    void replaceFlipsInPlaceToAFreshGenerationOfTheConfigInCharge() throws Exception {
        startReady(watched(REPLACE, 1));
        ScriptedLiveness.ScriptedProbe first = liveness.forPid(1001);
        first.answer(Attempt.fail("timed out"), Attempt.PASS, Attempt.fail("timed out"));
        drain();
        assertEquals(1, os.spawnCount(), "failures with a pass between are not in a row");

        first.fail(2);
        stepUntil(() -> sup().candidate() != null);
        assertEquals(List.of("spawn v1 1001", "spawn v1 1002"), os.calls(), "the config in charge (v1), in place");
        assertEquals(List.of(), configs.loaded(), "the file is not read again");
        assertTrue(listener.events().contains("flipStarted 2"));

        passCandidate(2);
        assertEquals(List.of("spawn v1 1001", "spawn v1 1002", "TERM 1001"), os.calls());
        first.awaitClosed();
        assertEquals(1002, liveness.forPid(1002).pid, "the new generation is watched from its takeover");

        advance(Duration.ofSeconds(2));
        assertEquals(List.of("spawn v1 1001", "spawn v1 1002", "TERM 1001", "KILL 1001"), os.calls(),
                "a hung child that ignores the stop signal is killed after shutdown.timeout");
        child(0).die(killedBy(Signal.KILL));
        drain();
        assertEquals("flipEnded 2 ok", listener.events().get(listener.events().size() - 1));
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void aFailureDuringAFlipIsQueuedAndDroppedIfTheFlipTakesOver() throws Exception {
        startReady(watched(REPLACE, 0));
        signal(Signal.HUP);
        liveness.forPid(1001).fail(1);
        drain();
        assertEquals(2, os.spawnCount(), "no second candidate while the flip runs");
        passCandidate(2);
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(2, os.spawnCount(), "the flip replaced the failing child already");
    }

    @Test
    void aFailureDuringAFlipThatFailsReplacesTheChildOnceTheFlipEnded() throws Exception {
        startReady(watched(REPLACE, 0));
        signal(Signal.HUP);
        liveness.forPid(1001).fail(1);
        drain();
        check(2).fail("bad release");
        stepUntil(() -> os.calls().contains("KILL 1002"));
        child(1).die(killedBy(Signal.KILL));
        drain();
        assertEquals("spawn v1 1003", os.calls().get(os.calls().size() - 1),
                "the queued replacement runs, from the config in charge");
    }

    @Test
    void aFailedReplacementIsTriedAgainAtTheNextStreak() throws Exception {
        startReady(watched(REPLACE, 0));
        ScriptedLiveness.ScriptedProbe probe = liveness.forPid(1001);
        probe.fail(1);
        stepUntil(() -> sup().candidate() != null);
        check(2).fail("still broken");
        stepUntil(() -> os.calls().contains("KILL 1002"));
        child(1).die(killedBy(Signal.KILL));
        drain();
        assertNull(sup().candidate());
        probe.fail(1);
        stepUntil(() -> sup().candidate() != null);
        assertEquals(3, os.spawnCount());
    }

    @Test
    void exitStopsTheChildAndBatonExitsWithItsOwnCode() throws Exception {
        startReady(watched(EXIT, 2));
        liveness.forPid(1001).fail(3);
        stepUntil(() -> os.calls().contains("TERM 1001"));
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(Optional.of(new Outcome.Fail(ExitCodes.LIVENESS_FAILED, "liveness check failed: no answer within 1s")),
                sup().outcome());
    }

    @Test
    void logOnlyLogs() throws Exception {
        startReady(watched(LOG, 0));
        liveness.forPid(1001).fail(5);
        drain();
        assertEquals(List.of("spawn v1 1001"), os.calls());
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void theCheckOfAChildThatExitedEnds() throws Exception {
        startReady(watched(REPLACE, 0));
        ScriptedLiveness.ScriptedProbe probe = liveness.forPid(1001);
        child(0).die(exited(1));
        drain();
        probe.awaitClosed();
        assertEquals(Optional.of(new Outcome.Relay(exited(1))), sup().outcome());
    }

    @Test
    void aRestartedGenerationIsWatchedToo() throws Exception {
        startReady(watched(REPLACE, 0).restart(RestartConfig.Policy.ON_FAILURE,
                Duration.ofSeconds(1), Duration.ofSeconds(1), 5, Duration.ofMinutes(10)));
        child(0).die(killedBy(Signal.KILL));
        drain();
        advance(Duration.ofSeconds(1));
        passCandidate(2);
        ScriptedLiveness.ScriptedProbe probe = liveness.forPid(1002);
        probe.fail(1);
        stepUntil(() -> sup().candidate() != null);
        assertEquals("spawn v1 1003", os.calls().get(os.calls().size() - 1), "the restarted generation is watched too");
    }
}
