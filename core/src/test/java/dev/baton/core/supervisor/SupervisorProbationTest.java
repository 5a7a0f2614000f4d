package dev.baton.core.supervisor;

import dev.baton.core.config.LivenessConfig;
import dev.baton.core.control.ProbationReply;
import dev.baton.core.control.UpgradeReply;
import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * upgrade.probation, in place: the healthy candidate serves beside the old generation until the
 * probation passes (the flip commits, the old one is stopped) or it fails first (it is rolled back,
 * the old one serves on alone).
 */
class SupervisorProbationTest extends SupervisorHarness {
    private static final Duration PROBATION = Duration.ofSeconds(30);
    private static final List<String> FLIPPING = List.of("spawn v1 1001", "spawn v2 1002");
    private final ScriptedLiveness liveness = new ScriptedLiveness();
    private final List<String> answers = new CopyOnWriteArrayList<>();

    private TestConfig onProbation() {
        os.childrenDieOn(Signal.TERM);
        return cfg(1).probation(PROBATION);
    }

    /** Generation 1 (with a probation) serves; generation 2 is healthy and on probation. */
    private void probationRuns() throws InterruptedException {
        startReady(onProbation());
        signal(Signal.HUP);
        check(2).pass();
        stepUntil(() -> listener.events().contains("probation 2 1002"));
    }

    private List<String> flipEnds() {
        return listener.events().stream().filter(e -> e.startsWith("flipEnded")).toList();
    }

    private final UpgradeReply upgradeReply = new UpgradeReply() {
        @Override
        public void busy(String why) {
            answers.add("busy " + why);
        }

        @Override
        public void failed(String reason) {
            answers.add("failed " + reason);
        }

        @Override
        public void succeeded(long generation, long batonPid, long childPid, long oldBatonPid) {
            answers.add("ok " + generation);
        }
    };

    private final ProbationReply probationReply = new ProbationReply() {
        @Override
        public void ended(String what) {
            answers.add("ended " + what);
        }

        @Override
        public void none(String why) {
            answers.add("none " + why);
        }
    };

    @Test
    void theProbationPassesAfterItsTimeAndOnlyThenIsTheOldGenerationStopped() throws Exception {
        probationRuns();
        assertEquals(1, sup().current().number, "the old generation stays in charge during probation");
        assertEquals(2, sup().candidate().number);
        assertEquals(FLIPPING, os.calls(), "both serve: nobody is signalled");

        advance(PROBATION.minusMillis(1));
        assertEquals(FLIPPING, os.calls());
        advance(Duration.ofMillis(1));
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls());
        assertEquals(2, sup().current().number);
        assertNull(sup().candidate());
        assertEquals(List.of("flipEnded 2 ok"), flipEnds(), "the old group went on TERM");

        advance(Duration.ofMinutes(10));
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls(), "no timer left behind");
    }

    @Test
    void theNewChildExitingOnProbationRollsTheFlipBack() throws Exception {
        Path pid = tmp.resolve("baton.pid");
        configs.then(cfg(2).pidfile(tmp.resolve("new.pid")).build());
        startReady(onProbation().pidfile(pid));
        signal(Signal.HUP);
        check(2).pass();
        stepUntil(() -> listener.events().contains("probation 2 1002"));
        assertTrue(Files.exists(tmp.resolve("new.pid")), "the new config's pidfile, as without probation");

        advance(Duration.ofMillis(2100));
        child(1).exit(exited(3));
        drain();
        assertEquals(plus(FLIPPING, "TERM 1002"), os.calls(), "what is left of its group is stopped");
        assertEquals(List.of("flipEnded 2 rolled back: new child exited with code 3, 2.1 s into probation"), flipEnds());
        assertEquals(1, sup().current().number);
        assertNull(sup().candidate());
        assertTrue(Files.exists(pid), "the pidfile is the old config's again");
        assertFalse(Files.exists(tmp.resolve("new.pid")));

        advance(Duration.ofMinutes(10));
        assertEquals(plus(FLIPPING, "TERM 1002"), os.calls(), "the old child is never signalled; no timer left");
        assertEquals(Optional.empty(), sup().outcome());

        signal(Signal.HUP);
        assertEquals(plus(FLIPPING, "TERM 1002", "spawn v2 1003"), os.calls(), "the next flip starts at once");
    }

    @Test
    void aLivenessFailureOfTheNewGenerationOnProbationRollsBackWhateverTheAction() throws Exception {
        configs.then(cfg(2).liveness(liveness.config(LivenessConfig.Action.REPLACE, 0)).build());
        probationRuns();
        liveness.forPid(1002).fail(1);
        stepUntil(() -> os.calls().contains("TERM 1002"));
        drain();
        assertEquals(List.of("flipEnded 2 rolled back: new child failed its liveness check (no answer within 1s),"
                + " 0.0 s into probation"), flipEnds());
        assertEquals(1, sup().current().number);
        assertEquals(2, os.spawnCount(), "rolled back, not replaced");
    }

    @Test
    void batonUpgradeHearsOfTheFlipOnlyWhenItIsFinal() throws Exception {
        startReady(onProbation());
        sup().requestUpgrade(upgradeReply);
        drain();
        check(2).pass();
        stepUntil(() -> listener.events().contains("probation 2 1002"));
        assertEquals(List.of(), answers, "not answered at the takeover: the flip is not final");

        child(1).exit(exited(3));
        drain();
        assertEquals(List.of("failed rolled back: new child exited with code 3, 0.0 s into probation"), answers);

        answers.clear();
        sup().requestUpgrade(upgradeReply);
        drain();
        check(2).pass();
        stepUntil(() -> listener.count("probation 2") == 2);
        advance(PROBATION);
        assertEquals(List.of("ok 2"), answers);
    }

    @Test
    void batonCommitEndsTheProbationEarly() throws Exception {
        probationRuns();
        sup().requestProbationEnd(true, probationReply);
        drain();
        assertEquals(List.of("ended committed: generation 2 takes over"), answers);
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls());
        assertEquals(List.of("flipEnded 2 ok"), flipEnds());

        sup().requestProbationEnd(true, probationReply);
        drain();
        assertEquals("none no flip in probation", answers.get(1));
        advance(PROBATION);
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls(), "the timer was cancelled");
    }

    @Test
    void batonRollbackStopsTheNewGeneration() throws Exception {
        probationRuns();
        advance(Duration.ofSeconds(5));
        sup().requestProbationEnd(false, probationReply);
        drain();
        assertEquals(List.of("ended rolled back: generation 2 is stopping; generation 1 keeps serving"), answers);
        assertEquals(plus(FLIPPING, "TERM 1002"), os.calls());
        assertEquals(List.of("flipEnded 2 rolled back: baton rollback, 5.0 s into probation"), flipEnds());
        assertEquals(1, sup().current().number);
    }

    @Test
    void withoutAProbationBatonCommitAndRollbackSayThereIsNone() throws Exception {
        startReady();
        sup().requestProbationEnd(false, probationReply);
        signal(Signal.HUP);
        sup().requestProbationEnd(true, probationReply);
        drain();
        assertEquals(List.of("none no flip in probation", "none no flip in probation"), answers);
        passCandidate(2);
        assertEquals(plus(FLIPPING, "TERM 1001"), os.calls(), "probation 0s: the old child goes at the takeover");
    }

    @Test
    void aReloadDuringProbationIsQueuedUntilTheFlipEnded() throws Exception {
        probationRuns();
        signal(Signal.HUP);
        assertEquals(FLIPPING, os.calls(), "queued");
        advance(PROBATION);
        assertEquals(plus(FLIPPING, "TERM 1001", "spawn v3 1003"), os.calls());
    }

    @Test
    void termDuringProbationStopsBothGenerations() throws Exception {
        probationRuns();
        signal(Signal.TERM);
        assertTrue(os.calls().containsAll(List.of("TERM 1001", "TERM 1002")), os.calls().toString());
        assertTrue(sup().outcome().isPresent());
        advance(PROBATION);
        assertEquals(4, os.calls().size(), "the probation timer does nothing once baton stops");
    }

    @Test
    void theOldChildDyingOnProbationCommitsTheFlip() throws Exception {
        probationRuns();
        child(0).die(exited(1));
        drain();
        assertEquals(2, sup().current().number);
        assertNotNull(sup().current());
        assertEquals(List.of("flipEnded 2 ok"), flipEnds());
        assertEquals(Optional.empty(), sup().outcome());
        advance(PROBATION);
        assertEquals(List.of("flipEnded 2 ok"), flipEnds());
    }
}
