package dev.baton.core.supervisor;

import dev.baton.core.config.UpgradeMode;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupervisorFlipTest extends SupervisorHarness {
    private static final List<String> FLIPPING = List.of("spawn v1 1001", "spawn v2 1002");

    private String lastEvent() {
        List<String> e = listener.events();
        return e.get(e.size() - 1);
    }

    @Test
    void inPlaceFlipHappyPath() throws Exception {
        // the new config stops its child with INT: the old child must still get the OLD config's TERM
        configs.then(cfg(2).stopSignal(Signal.INT).env("COLOR", "green").build());
        startReady(cfg(1).stopSignal(Signal.TERM));
        Generation first = sup().current();
        assertEquals(1, first.number);

        signal(Signal.HUP);
        assertEquals(FLIPPING, os.calls());
        assertEquals(List.of(2L), configs.loaded());
        assertEquals(2, sup().candidate().number);
        assertSame(first, sup().current(), "the old generation serves while the new one is checked");
        SpawnSpec spec = os.specs().get(1);
        assertEquals(Path.of("/opt/app/v2"), spec.program());
        assertEquals("green", spec.env().get("COLOR"));
        assertEquals("2", spec.env().get(GatedCheck.ENV));
        assertEquals(List.of("configApplied v1", "ready 1 1001", "flipStarted 2"), listener.events());

        passCandidate(2);
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls());
        assertEquals(2, sup().current().number);
        assertEquals(1002, sup().current().pid());
        assertNull(sup().candidate());
        assertEquals("configApplied v2", lastEvent(), "the flip has not ended while the old group lives");

        child(0).exit(killedBy(Signal.TERM));
        drain();
        assertEquals("configApplied v2", lastEvent());
        child(0).emptyGroup();
        drain();
        assertEquals(List.of("configApplied v1", "ready 1 1001", "flipStarted 2", "configApplied v2",
                "flipEnded 2 ok"), listener.events());
        assertEquals(Optional.empty(), sup().outcome());

        advance(Duration.ofMinutes(10));
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls(), "no timer left behind (stop timeout, deadline)");

        signal(Signal.HUP);
        assertEquals(plus(FLIPPING, "TERM 1001", "spawn v3 1003"), os.calls(), "the next flip starts at once");
        assertEquals(3, sup().candidate().number);
    }

    @Test
    void shutdownDelayKeepsOldAndNewSideBySide() throws Exception {
        configs.then(cfg(2).stopDelay(Duration.ofSeconds(3)).build());
        startReady(cfg(1).stopDelay(Duration.ofSeconds(3)));
        signal(Signal.HUP);
        passCandidate(2);

        assertEquals(FLIPPING, os.calls(), "no signal before shutdown.delay");
        advance(Duration.ofMillis(2999));
        assertEquals(FLIPPING, os.calls());
        assertFalse(child(0).exited());

        advance(Duration.ofMillis(1));
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls());

        child(0).die(exited(0));
        drain();
        assertEquals("flipEnded 2 ok", lastEvent());
    }

    @Test
    void oldChildIgnoringTermIsKilledAfterShutdownTimeout() throws Exception {
        startReady(cfg(1).stopTimeout(Duration.ofSeconds(10)));
        child(0).ignoreTerm();
        signal(Signal.HUP);
        passCandidate(2);
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls());

        advance(Duration.ofMillis(9999));
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls());
        assertFalse(child(0).exited());

        advance(Duration.ofMillis(1));
        assertEquals(plus(FLIPPING, "TERM 1001", "KILL 1001"), os.calls());
        assertTrue(child(0).isGone());
        assertEquals("flipEnded 2 ok", lastEvent());
        assertEquals(2, sup().current().number);
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void candidateExitingBeforeHealthyIsKilledAndOldKeepsServing() throws Exception {
        startReady();
        Generation first = sup().current();
        signal(Signal.HUP);

        child(1).exit(exited(3));
        drain();
        assertEquals(plus(FLIPPING, "KILL 1002"), os.calls());
        check(2).awaitClosed();
        assertTrue(check(2).interrupted, "the candidate's check is cancelled");
        assertEquals("flipStarted 2", lastEvent(), "the flip ends when the candidate's group is gone");

        child(1).emptyGroup();
        drain();
        assertEquals("flipEnded 2 new child exited with code 3 before it was healthy", lastEvent());
        assertNull(sup().candidate());
        assertSame(first, sup().current());
        assertEquals(Optional.empty(), sup().outcome());

        advance(Duration.ofMinutes(10));
        assertEquals(plus(FLIPPING, "KILL 1002"), os.calls(), "the old child is never signalled");

        // the generation number advances only on success
        signal(Signal.HUP);
        assertEquals(plus(FLIPPING, "KILL 1002", "spawn v2 1003"), os.calls());
        assertEquals(List.of(2L, 2L), configs.loaded());
        assertEquals(2, sup().candidate().number);
        passCandidate(2);
        assertEquals(plus(FLIPPING, "KILL 1002", "spawn v2 1003", "TERM 1001"), os.calls());
    }

    @Test
    void candidateCheckFailureKillsCandidateAndOldKeepsServing() throws Exception {
        startReady();
        signal(Signal.HUP);
        check(2).fail("HTTP 503");
        stepUntil(() -> os.calls().size() == 3);

        assertEquals(plus(FLIPPING, "KILL 1002"), os.calls());
        child(1).die(killedBy(Signal.KILL));
        drain();
        assertEquals("flipEnded 2 HTTP 503", lastEvent());
        assertEquals(1001, sup().current().pid());
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void healthDeadlineIsTheNewConfigsUpgradeTimeout() throws Exception {
        configs.then(cfg(2).upgradeTimeout(Duration.ofSeconds(5)).build());
        startReady(cfg(1).upgradeTimeout(Duration.ofSeconds(60)));
        signal(Signal.HUP);

        advance(Duration.ofMillis(4999));
        assertEquals(FLIPPING, os.calls());

        advance(Duration.ofMillis(1));
        assertEquals(plus(FLIPPING, "KILL 1002"), os.calls());
        check(2).awaitClosed();
        assertTrue(check(2).interrupted);

        child(1).die(killedBy(Signal.KILL));
        drain();
        assertEquals("flipEnded 2 not healthy within 5s", lastEvent());
        assertEquals(1001, sup().current().pid());
        assertEquals(1, sup().current().number);
        assertNull(sup().candidate());

        advance(Duration.ofMinutes(10));
        assertEquals(plus(FLIPPING, "KILL 1002"), os.calls(), "old untouched");
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void configErrorAtReloadSpawnsNothingAndEndsTheFlipAtOnce() throws Exception {
        configs.thenFail("app.yaml:3: upgrade.timeout: \"5x\" is not a duration");
        startReady();
        signal(Signal.HUP);

        assertEquals(List.of("spawn v1 1001"), os.calls());
        assertNull(sup().candidate());
        assertEquals(List.of("configApplied v1", "ready 1 1001", "flipStarted 2",
                "flipEnded 2 config error: app.yaml:3: upgrade.timeout: \"5x\" is not a duration"),
                listener.events());
        assertEquals(1001, sup().current().pid());

        signal(Signal.HUP);
        assertEquals(FLIPPING, os.calls(), "no flip is left in progress");
        assertEquals(List.of(2L, 2L), configs.loaded(), "the generation number advances only on success");
    }

    @Test
    void spawnFailureAtReloadLeavesOldUntouched() throws Exception {
        startReady();
        os.failNextSpawn("No such file or directory");
        signal(Signal.HUP);

        assertEquals(List.of("spawn v1 1001", "spawn-failed v2"), os.calls());
        assertNull(sup().candidate());
        assertEquals("flipEnded 2 cannot start spawned-command: No such file or directory", lastEvent());
        assertTrue(check(2).isClosed(), "the check made for the failed spawn is closed");
        assertEquals(1001, sup().current().pid());

        advance(Duration.ofMinutes(10));
        assertEquals(List.of("spawn v1 1001", "spawn-failed v2"), os.calls());
        assertEquals(Optional.empty(), sup().outcome());

        signal(Signal.HUP);
        assertEquals(List.of("spawn v1 1001", "spawn-failed v2", "spawn v2 1002"), os.calls());
    }

    @Test
    void upgradeSignalStormCoalescesIntoOneFollowUpFlip() throws Exception {
        startReady();
        signal(Signal.HUP);
        for (int i = 0; i < 20; i++) {
            sup().signal(Signal.HUP);
        }
        drain();
        assertEquals(FLIPPING, os.calls());

        passCandidate(2);
        for (int i = 0; i < 20; i++) {
            sup().signal(Signal.HUP);
        }
        drain();
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls(), "still flipping while the old group lives");

        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(plus(FLIPPING, "TERM 1001", "spawn v3 1003"), os.calls());
        assertEquals(List.of(2L, 3L), configs.loaded());

        passCandidate(3);
        child(1).die(killedBy(Signal.TERM));
        drain();
        assertEquals(plus(FLIPPING, "TERM 1001", "spawn v3 1003", "TERM 1002"), os.calls());
        assertEquals(2, listener.count("flipStarted"));
        assertEquals(List.of("flipEnded 2 ok", "flipEnded 3 ok"),
                listener.events().stream().filter(e -> e.startsWith("flipEnded")).toList());
        assertNull(sup().candidate());
    }

    @Test
    void flipIsRefusedWhenModeIsNotInplace() throws Exception {
        startReady(cfg(1).mode(UpgradeMode.REEXEC));
        signal(Signal.HUP);
        assertEquals(List.of("spawn v1 1001"), os.calls());
        assertEquals(List.of(), configs.loaded());
        assertNull(sup().candidate());
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void oldChildDyingDuringFlipThenCandidateHealthyTakesOver() throws Exception {
        startReady();
        signal(Signal.HUP);

        child(0).exit(exited(1));
        drain();
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls(), "the rest of the old group is stopped");
        child(0).emptyGroup();
        drain();
        assertEquals(Optional.empty(), sup().outcome(), "baton waits for the candidate");
        assertEquals(0, listener.count("stopping"));

        passCandidate(2);
        assertEquals("flipEnded 2 ok", lastEvent());
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls());
        assertEquals(Optional.empty(), sup().outcome());
        assertEquals(0, listener.count("stopping"));

        signal(Signal.HUP);
        assertEquals(plus(FLIPPING, "TERM 1001", "spawn v3 1003"), os.calls(), "baton keeps running and flipping");
    }

    @Test
    void oldChildDyingDuringFlipWithGroupLingeringPastTakeover() throws Exception {
        startReady();
        signal(Signal.HUP);
        child(0).exit(exited(1));
        drain();

        passCandidate(2);
        assertEquals("configApplied v2", lastEvent());
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls(), "the old group is not signalled twice");

        child(0).emptyGroup();
        drain();
        assertEquals("flipEnded 2 ok", lastEvent());
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void oldChildDyingDuringFlipThenCandidateFailingRelaysOldExit() throws Exception {
        startReady();
        signal(Signal.HUP);
        child(0).die(exited(1));
        drain();
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls());

        child(1).exit(exited(2));
        drain();
        assertEquals(plus(FLIPPING, "TERM 1001", "KILL 1002"), os.calls());
        assertEquals(Optional.empty(), sup().outcome());

        child(1).emptyGroup();
        drain();
        assertEquals(Optional.of(new Outcome.Relay(exited(1))), sup().outcome());
        assertTrue(listener.events().contains("flipEnded 2 new child exited with code 2 before it was healthy"));
        assertEquals("stopping", lastEvent());
    }
}
