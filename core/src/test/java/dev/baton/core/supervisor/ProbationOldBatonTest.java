package dev.baton.core.supervisor;

import dev.baton.core.config.UpgradeMode;
import dev.baton.core.control.ProbationReply;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Relaunch;
import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * upgrade.probation, re-exec, seen from the old baton (the test plays the new baton): protocol 2 is
 * offered only with a probation; READY is answered with PROBATION, this baton stays in charge, and
 * ACK comes when the probation passes; a ROLLBACK or the new baton's exit before rolls it back.
 */
class ProbationOldBatonTest extends SupervisorHarness {
    private static final Relaunch RELAUNCH = new Relaunch(Path.of("/opt/baton/bin/baton"), List.of("run"), Path.of("/srv"));
    private static final Duration PROBATION = Duration.ofSeconds(30);
    private static final long OLD_CHILD = 1001;
    private static final long NEW_BATON = 1002;
    private static final String READY = "READY pid=1002 child=2001 generation=2";
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private Path pidfile;
    private Supervisor supervisor;

    @Override
    Supervisor sup() {
        if (supervisor == null) {
            supervisor = new Supervisor(os, configs, clock, environment, listener,
                    new HandoverSetup(Optional.of(RELAUNCH), Optional.empty(), "1.2.3"));
        }
        return supervisor;
    }

    private final ProbationReply reply = new ProbationReply() {
        @Override
        public void ended(String what) {
            answers.add("ended " + what);
        }

        @Override
        public void none(String why) {
            answers.add("none " + why);
        }
    };

    private FakeLineChannel flip(Duration probation) throws InterruptedException {
        pidfile = tmp.resolve("baton.pid");
        startReady(cfg(1).mode(UpgradeMode.REEXEC).probation(probation).pidfile(pidfile));
        signal(Signal.HUP);
        return os.newBatonChannel(0);
    }

    /** The new baton is READY (and wrote the pidfile), and on probation. */
    private FakeLineChannel onProbation() throws Exception {
        FakeLineChannel ch = flip(PROBATION);
        Files.writeString(pidfile, NEW_BATON + "\n");
        ch.deliver(READY);
        drain();
        assertEquals(List.of("PROBATION ms=30000"), ch.sent());
        return ch;
    }

    private List<String> signalsTo(long pid) {
        return os.calls().stream().filter(c -> c.endsWith(" " + pid) && !c.startsWith("spawn ")
                && !c.startsWith("new-baton ")).toList();
    }

    private List<String> flipEnds() {
        return listener.events().stream().filter(e -> e.startsWith("flipEnded")).toList();
    }

    @Test
    void protocol2IsOfferedOnlyWhenTheConfigInChargeHasAProbation() throws Exception {
        flip(PROBATION);
        assertEquals("2", os.specs().get(1).env().get("BATON_PROTOCOL"));
    }

    @Test
    void withoutAProbationTheNewBatonGetsProtocol1AndReadyIsAckedAtOnce() throws Exception {
        FakeLineChannel ch = flip(Duration.ZERO);
        assertEquals("1", os.specs().get(1).env().get("BATON_PROTOCOL"), "so that a baton 0.1 can take over");
        ch.deliver(READY);
        drain();
        assertEquals(List.of("ACK"), ch.sent());
        assertEquals(List.of("TERM " + OLD_CHILD), signalsTo(OLD_CHILD));
    }

    @Test
    void aBaton01RefusesProtocol2CleanlyAndTheOldGenerationServesOn() throws Exception {
        FakeLineChannel ch = flip(PROBATION);
        ch.deliver("FAIL handover protocol version 2 is not spoken by baton 0.1.0 (it speaks 1)");
        os.byPid(NEW_BATON).die(exited(76));
        drain();
        assertEquals(List.of("flipEnded 2 handover protocol version 2 is not spoken by baton 0.1.0 (it speaks 1)"),
                flipEnds());
        assertEquals(List.of(), signalsTo(OLD_CHILD));
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void whenTheProbationPassesTheNewBatonIsAckedAndTheOldChildStops() throws Exception {
        FakeLineChannel ch = onProbation();
        assertEquals(List.of(), signalsTo(OLD_CHILD), "both serve during probation");
        assertTrue(listener.events().contains("probation 2 2001"));
        advance(PROBATION.minusMillis(1));
        assertEquals(List.of("PROBATION ms=30000"), ch.sent());
        assertEquals(List.of(), signalsTo(OLD_CHILD));

        advance(Duration.ofMillis(1));
        assertEquals(List.of("PROBATION ms=30000", "ACK"), ch.sent());
        assertEquals(List.of("TERM " + OLD_CHILD), signalsTo(OLD_CHILD));
        child(0).die(exited(0));
        drain();
        assertEquals(Optional.of(new Outcome.HandedOver()), sup().outcome());
    }

    @Test
    void aRollbackFromTheNewBatonEndsTheFlipAsFailedOnceItExitedAndThePidfileNamesThisBatonAgain() throws Exception {
        FakeLineChannel ch = onProbation();
        advance(Duration.ofMillis(2100));
        ch.deliver("ROLLBACK new child exited with code 3");
        drain();
        assertEquals(List.of(), flipEnds(), "the flip ends when the new baton has exited");
        os.byPid(NEW_BATON).die(exited(3));
        drain();
        assertEquals(List.of("flipEnded 2 rolled back: new child exited with code 3, 2.1 s into probation"), flipEnds());
        assertEquals(OptionalLong.of(os.pid()), Pidfile.read(pidfile));
        assertEquals(List.of(), signalsTo(OLD_CHILD));
        advance(Duration.ofMinutes(10));
        assertEquals(List.of("PROBATION ms=30000"), ch.sent(), "no ACK after a rollback");
        assertEquals(List.of(), signalsTo(NEW_BATON), "it exited by itself");
        assertEquals(Optional.empty(), sup().outcome());
        assertEquals(1, sup().current().number);
    }

    @Test
    void theNewBatonExitingOnProbationIsARollback() throws Exception {
        onProbation();
        advance(Duration.ofSeconds(4));
        os.byPid(NEW_BATON).die(exited(1));
        drain();
        assertEquals(List.of("flipEnded 2 rolled back: new baton exited with code 1, 4.0 s into probation"), flipEnds());
        assertEquals(List.of(), signalsTo(OLD_CHILD));
    }

    @Test
    void batonRollbackTellsTheNewBatonAndKillsItIfItDoesNotExit() throws Exception {
        FakeLineChannel ch = onProbation();
        os.byPid(NEW_BATON).ignoreTerm();
        sup().requestProbationEnd(false, reply);
        drain();
        assertEquals(List.of("ended rolled back: generation 2 is stopping; generation 1 keeps serving"), answers);
        assertEquals(List.of("PROBATION ms=30000", "ROLLBACK baton rollback"), ch.sent());
        advance(Duration.ofSeconds(20)); // shutdown.timeout 10 s + start_allowance 10 s
        assertEquals(List.of("pid KILL " + NEW_BATON), signalsTo(NEW_BATON));
        assertEquals(List.of("flipEnded 2 rolled back: baton rollback, 0.0 s into probation"), flipEnds());
        assertEquals(List.of(), signalsTo(OLD_CHILD));
    }

    @Test
    void batonCommitAcksAtOnce() throws Exception {
        FakeLineChannel ch = onProbation();
        sup().requestProbationEnd(true, reply);
        drain();
        assertEquals(List.of("ended committed: generation 2 takes over"), answers);
        assertEquals(List.of("PROBATION ms=30000", "ACK"), ch.sent());
        assertEquals(List.of("TERM " + OLD_CHILD), signalsTo(OLD_CHILD));
    }

    @Test
    void anUpgradeSignalOnProbationIsQueuedAndPassedOnAtTheCommit() throws Exception {
        FakeLineChannel ch = onProbation();
        signal(Signal.HUP);
        ch.deliver("UPGRADE"); // one that reached the new baton
        drain();
        assertEquals(2, os.specs().size(), "no second new baton during probation");
        advance(PROBATION);
        assertEquals(List.of("PROBATION ms=30000", "ACK", "UPGRADE"), ch.sent(), "one flip, for the new baton to queue");
    }

    @Test
    void termOnProbationStopsTheNewBatonAndWaitsForIt() throws Exception {
        FakeLineChannel ch = onProbation();
        signal(Signal.TERM);
        assertEquals(List.of("PROBATION ms=30000", "STOP"), ch.sent());
        assertTrue(signalsTo(OLD_CHILD).contains("TERM " + OLD_CHILD));
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertFalse(sup().outcome().isPresent(), "the new baton is not gone yet");
        os.byPid(NEW_BATON).die(exited(0));
        drain();
        assertTrue(sup().outcome().isPresent());
    }
}
