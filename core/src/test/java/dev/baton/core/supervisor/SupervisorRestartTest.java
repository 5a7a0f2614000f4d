package dev.baton.core.supervisor;

import dev.baton.core.config.RestartConfig;
import dev.baton.core.config.UpgradeMode;
import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.baton.core.config.RestartConfig.Policy.ALWAYS;
import static dev.baton.core.config.RestartConfig.Policy.ON_FAILURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** restart: a serving child that dies by itself is replaced in place, after a backoff, within a budget. */
class SupervisorRestartTest extends SupervisorHarness {
    private static final Duration S1 = Duration.ofSeconds(1);

    private TestConfig restarting(RestartConfig.Policy policy, int max) {
        return cfg(1).restart(policy, S1, Duration.ofSeconds(3), max, Duration.ofMinutes(10));
    }

    /** The serving child dies by itself; its group goes with it. */
    private void crash(int index) throws InterruptedException {
        child(index).die(killedBy(Signal.KILL));
        drain();
    }

    /** The restart's backoff passes and its child becomes healthy. */
    private void restartAfter(Duration backoff, long generation) throws InterruptedException {
        advance(backoff.minusMillis(1));
        assertTrue(sup().candidate() == null, "nothing starts before the backoff is over");
        advance(Duration.ofMillis(1));
        passCandidate(generation);
    }

    @Test
    void crashedChildIsRestartedInPlaceFromTheConfigInChargeAfterTheBackoff() throws Exception {
        startReady(restarting(ON_FAILURE, 5));
        crash(0);
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls(), "what is left of the group is stopped (shutdown.signal)");
        assertEquals(Optional.empty(), sup().outcome());
        assertEquals("restarting 2 after 1s", listener.events().get(listener.events().size() - 1));

        restartAfter(S1, 2);
        assertEquals(List.of("spawn v1 1001", "TERM 1001", "spawn v1 1002"), os.calls(),
                "same config (v1), not read again; no new baton");
        assertEquals(List.of(), configs.loaded());
        assertEquals(1002, sup().current().pid());
        assertTrue(listener.events().contains("restartEnded 2 ok"));
        assertEquals(0, listener.count("flipStarted"), "a restart is not a flip");
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void backoffDoublesUpToTheCapAndPastTheBudgetBatonExitsAsTheChildDid() throws Exception {
        startReady(restarting(ON_FAILURE, 3));
        crash(0);
        restartAfter(Duration.ofSeconds(1), 2);
        crash(1);
        restartAfter(Duration.ofSeconds(2), 3);
        crash(2);
        restartAfter(Duration.ofSeconds(3), 4); // 4s, capped at max_backoff
        assertEquals(List.of("restarting 2 after 1s", "restarting 3 after 2s", "restarting 4 after 3s"),
                listener.events().stream().filter(e -> e.startsWith("restarting")).toList());

        child(3).die(exited(3));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(exited(3))), sup().outcome(), "the 4th death within 10m: give up");
        assertEquals(4, os.spawnCount());
    }

    @Test
    void restartsOlderThanTheWindowNoLongerCount() throws Exception {
        startReady(cfg(1).restart(ON_FAILURE, S1, Duration.ofSeconds(30), 1, Duration.ofMinutes(1)));
        crash(0);
        restartAfter(S1, 2);
        advance(Duration.ofMinutes(1));
        crash(1);
        restartAfter(S1, 3); // the budget is back, and so is the first backoff
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void aRestartWhoseCheckFailsCountsAndBacksOffAgain() throws Exception {
        startReady(restarting(ON_FAILURE, 5));
        crash(0);
        advance(S1);
        check(2).fail("503 from /health");
        stepUntil(() -> os.calls().contains("KILL 1002"));
        child(1).die(killedBy(Signal.KILL));
        drain();
        assertTrue(listener.events().contains("restartEnded 2 503 from /health"));
        assertEquals("restarting 2 after 2s", listener.events().get(listener.events().size() - 1),
                "a failed generation's number is used again, as after a failed flip");
        assertEquals(Optional.empty(), sup().outcome());

        restartAfter(Duration.ofSeconds(2), 2);
        assertEquals(1003, sup().current().pid());
    }

    @Test
    void aRestartThatCannotSpawnCountsAndBacksOffAgain() throws Exception {
        startReady(restarting(ON_FAILURE, 2));
        crash(0);
        os.failNextSpawn("No such file or directory");
        advance(S1);
        assertEquals("restarting 2 after 2s", listener.events().get(listener.events().size() - 1));
        os.failNextSpawn("No such file or directory");
        advance(Duration.ofSeconds(2));
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.KILL))), sup().outcome(),
                "2 restarts made: baton gives up with the status of the child that died");
    }

    @Test
    void onFailureLeavesACleanExitAndASignalBatonPassedOn() throws Exception {
        startReady(restarting(ON_FAILURE, 5));
        child(0).die(exited(0));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(exited(0))), sup().outcome());
    }

    @Test
    void onFailureLeavesADeathBySignalThatBatonPassedOn() throws Exception {
        startReady(restarting(ON_FAILURE, 5));
        signal(Signal.USR1);
        child(0).die(killedBy(Signal.USR1));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.USR1))), sup().outcome());
    }

    @Test
    void alwaysRestartsACleanExitToo() throws Exception {
        startReady(restarting(ALWAYS, 5));
        child(0).die(exited(0));
        drain();
        restartAfter(S1, 2);
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void withoutRestartBatonExitsAsTheChildDid() throws Exception {
        startReady();
        crash(0);
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.KILL))), sup().outcome());
        assertEquals(0, listener.count("restarting"));
    }

    @Test
    void anUpgradeSignalDuringTheBackoffIsQueuedUntilTheRestartEnds() throws Exception {
        configs = new ScriptedConfigs(gen -> cfg(gen).restart(ON_FAILURE, S1, S1, 5, Duration.ofMinutes(10)).build());
        startReady(restarting(ON_FAILURE, 5));
        crash(0);
        signal(Signal.HUP);
        assertEquals(1, os.spawnCount(), "nothing spawned during the backoff");
        restartAfter(S1, 2);
        assertEquals(List.of("spawn v1 1001", "TERM 1001", "spawn v1 1002", "spawn v3 1003"), os.calls(),
                "the queued flip runs once the restart took over");
    }

    @Test
    void aStopDuringTheBackoffEndsBatonWithoutARestart() throws Exception {
        startReady(restarting(ON_FAILURE, 5));
        crash(0);
        signal(Signal.TERM);
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.KILL))), sup().outcome());
        advance(S1);
        assertEquals(1, os.spawnCount());
    }

    @Test
    void aCrashDuringAFlipStillWaitsForTheNewChild() throws Exception {
        startReady(restarting(ON_FAILURE, 5));
        signal(Signal.HUP);
        crash(0);
        passCandidate(2);
        assertEquals(0, listener.count("restarting"), "the flip took over: nothing to restart");
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void aCrashDuringAFlipThatFailsIsRestartedFromTheConfigInCharge() throws Exception {
        startReady(restarting(ON_FAILURE, 5));
        signal(Signal.HUP);
        crash(0);
        child(1).die(exited(2));
        drain();
        assertTrue(listener.events().contains("flipEnded 2 new child exited with code 2 before it was healthy"));
        assertEquals("restarting 2 after 1s", listener.events().get(listener.events().size() - 1));
        advance(S1);
        assertEquals("spawn v1 1003", os.calls().get(os.calls().size() - 1), "the dead generation's config, v1");
        assertFalse(sup().outcome().isPresent());
    }

    @Test
    void inReexecModeTheBatonInChargeRestartsInPlace() throws Exception {
        startReady(restarting(ON_FAILURE, 5).mode(UpgradeMode.REEXEC));
        crash(0);
        restartAfter(S1, 2);
        assertEquals(List.of("spawn v1 1001", "TERM 1001", "spawn v1 1002"), os.calls(), "no new baton");
    }
}
