package dev.baton.core.supervisor;

import dev.baton.core.config.HooksConfig.Kind;
import dev.baton.core.config.UpgradeMode;
import dev.baton.core.handover.HandoverSetup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hooks in the new baton of a re-exec flip (the test plays the old baton): after_healthy runs
 * before READY, and its failure is the new baton's FAIL; after_flip runs once the old baton is gone.
 */
class ReexecHooksTest extends SupervisorHarness {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final String HELLO = "HELLO pid=4242 version=1.2.3 timeout_ms=60000";
    private final FakeLineChannel old = new FakeLineChannel();
    private Supervisor supervisor;

    @Override
    Supervisor sup() {
        if (supervisor == null) {
            supervisor = new Supervisor(os, configs, clock, environment, listener,
                    new HandoverSetup(Optional.empty(), Optional.of(old), "1.2.3"));
        }
        return supervisor;
    }

    private TestConfig newBaton() {
        return cfg(2).mode(UpgradeMode.REEXEC);
    }

    private FakeOs.FakeChild awaitSpawn(int count) throws InterruptedException {
        stepUntil(() -> os.spawnCount() >= count);
        return child(count - 1);
    }

    @Test
    void aFailingAfterHealthyIsTheNewBatonsFailAndItsChildGoes() throws Exception {
        os.writes("smoke", "checking\nGET /checkout -> 500\n");
        sup().start(newBaton().hook(Kind.AFTER_HEALTHY, "smoke", LONG).build());
        check(2).pass();
        FakeOs.FakeChild smoke = awaitSpawn(2);
        assertEquals(List.of(HELLO), old.sent(), "no READY while after_healthy runs");
        Map<String, String> env = os.specs().get(1).env();
        assertEquals("2", env.get("BATON_GENERATION"));
        assertEquals("", env.get("BATON_OLD_CHILD_PID"), "the old child is the old baton's");
        assertEquals("1001", env.get("BATON_NEW_CHILD_PID"));

        smoke.die(exited(1));
        stepUntil(() -> old.sent().size() == 2);
        assertEquals("FAIL after_healthy hook exited with code 1: GET /checkout -> 500", old.sent().get(1));
        assertTrue(os.calls().contains("KILL 1001"), os.calls().toString());
        assertFalse(sup().ready());
    }

    @Test
    void aPassingAfterHealthyLetsItSayReadyAndAfterFlipRunsOnceTheOldBatonIsGone() throws Exception {
        sup().start(newBaton().hook(Kind.AFTER_HEALTHY, "smoke", LONG).hook(Kind.AFTER_FLIP, "flipped", LONG).build());
        check(2).pass();
        awaitSpawn(2).die(exited(0));
        stepUntil(sup()::ready);
        assertEquals(List.of(HELLO, "READY pid=4242 child=1001 generation=2"), old.sent());
        old.deliver("ACK");
        drain();
        old.eof();
        FakeOs.FakeChild flipped = awaitSpawn(3);
        assertEquals("/hooks/flipped", flipped.spec.program().toString());
        Map<String, String> env = os.specs().get(2).env();
        assertEquals("committed", env.get("BATON_FLIP_RESULT"));
        assertEquals("1001", env.get("BATON_NEW_CHILD_PID"));
        assertEquals("2", env.get("BATON_GENERATION"));
        flipped.die(exited(0));
        stepUntil(() -> !sup().flipBusy());
        assertEquals(Optional.empty(), sup().outcome());
    }
}
