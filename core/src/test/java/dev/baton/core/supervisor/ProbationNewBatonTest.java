package dev.baton.core.supervisor;

import dev.baton.core.config.LivenessConfig;
import dev.baton.core.config.UpgradeMode;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Message;
import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * upgrade.probation, re-exec, seen from the new baton (the test plays the old baton): under protocol
 * 2 its child serves on probation after READY; if it fails, this baton says ROLLBACK, stops it and
 * exits; a ROLLBACK from the old baton does the same; ACK makes it final. Under protocol 1 nothing
 * of this happens (a v2 new baton still takes over from a v1 old one).
 */
class ProbationNewBatonTest extends SupervisorHarness {
    private static final String HELLO = "HELLO pid=4242 version=1.2.3 timeout_ms=60000";
    private static final String READY = "READY pid=4242 child=1001 generation=2";
    private final FakeLineChannel old = new FakeLineChannel();
    private final ScriptedLiveness liveness = new ScriptedLiveness();
    private int protocol = Message.PROTOCOL;
    private TestConfig config = cfg(2).mode(UpgradeMode.REEXEC);
    private Supervisor supervisor;

    @Override
    Supervisor sup() {
        if (supervisor == null) {
            supervisor = new Supervisor(os, configs, clock, environment, listener,
                    new HandoverSetup(Optional.empty(), Optional.of(old), "1.2.3", -1, 4000, protocol));
        }
        return supervisor;
    }

    private void ready() throws InterruptedException {
        os.childrenDieOn(Signal.TERM);
        sup().start(config.build());
        check(2).pass();
        stepUntil(sup()::ready);
        old.deliver("PROBATION ms=30000");
        drain();
        assertEquals(List.of(HELLO, READY), old.sent());
    }

    @Test
    void itsChildExitingOnProbationIsARollbackToldToTheOldBaton() throws Exception {
        ready();
        child(0).die(exited(3));
        drain();
        assertEquals(List.of(HELLO, READY, "ROLLBACK new child exited with code 3"), old.sent());
        assertTrue(sup().outcome().isPresent(), "it stops, and does not restart its child");
        assertEquals(1, os.spawnCount());
    }

    @Test
    void aLivenessFailureOnProbationIsARollback() throws Exception {
        config = config.liveness(liveness.config(LivenessConfig.Action.REPLACE, 0));
        ready();
        liveness.forPid(1001).fail(1);
        stepUntil(() -> old.sent().size() == 3);
        drain();
        assertEquals("ROLLBACK new child failed its liveness check (no answer within 1s)", old.sent().get(2));
        assertEquals(List.of("spawn v2 1001", "TERM 1001"), os.calls(), "stopped, not replaced");
        assertTrue(sup().outcome().isPresent());
    }

    @Test
    void aRollbackFromTheOldBatonStopsItsChildAndEndsIt() throws Exception {
        ready();
        old.deliver("ROLLBACK baton rollback");
        drain();
        assertEquals(List.of("spawn v2 1001", "TERM 1001"), os.calls());
        assertTrue(sup().outcome().isPresent());
        assertEquals(List.of(HELLO, READY), old.sent(), "nothing to say back");
    }

    @Test
    void ackEndsTheProbationAndThenItsChildIsItsOwnToRestart() throws Exception {
        ready();
        old.deliver("ACK");
        drain();
        old.eof();
        drain();
        assertEquals("flipEnded 2 ok", listener.events().get(listener.events().size() - 1));
        old.deliver("ROLLBACK too late");
        drain();
        assertEquals(List.of("spawn v2 1001"), os.calls(), "a ROLLBACK after ACK means nothing");
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void anUpgradeSignalOnProbationGoesToTheOldBatonInCharge() throws Exception {
        ready();
        signal(Signal.HUP);
        assertEquals(List.of(HELLO, READY, "UPGRADE"), old.sent());
    }

    @Test
    void underProtocol1ThereIsNoProbationAndNoRollback() throws Exception {
        protocol = Message.WITHOUT_PROBATION;
        os.childrenDieOn(Signal.TERM);
        sup().start(config.build());
        check(2).pass();
        stepUntil(sup()::ready);
        old.deliver("ROLLBACK what");
        drain();
        assertEquals(List.of("spawn v2 1001"), os.calls(), "ROLLBACK is not protocol 1");
        signal(Signal.HUP);
        assertEquals(List.of(HELLO, READY), old.sent(), "an upgrade signal is queued here, as in protocol 1");
        old.deliver("ACK");
        drain();
        assertEquals(Optional.empty(), sup().outcome());
    }
}
