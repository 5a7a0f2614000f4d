package dev.baton.core.supervisor;

import dev.baton.core.os.ChildExit;
import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupervisorShutdownTest extends SupervisorHarness {
    private static final List<String> FLIPPING = List.of("spawn v1 1001", "spawn v2 1002");

    @Test
    void termDuringFlipStopsBothGenerationsAndRelaysCurrentExit() throws Exception {
        configs.then(cfg(2).stopSignal(Signal.INT).build());
        startReady(cfg(1).stopSignal(Signal.TERM));
        signal(Signal.HUP);

        signal(Signal.TERM);
        assertEquals(plus(FLIPPING, "TERM 1001", "INT 1002"), os.calls(), "each child gets its own shutdown.signal");
        assertEquals(List.of("configApplied v1", "ready 1 1001", "flipStarted 2", "stopping"), listener.events());
        check(2).awaitClosed();
        assertTrue(check(2).interrupted);

        signal(Signal.HUP);
        signal(Signal.TERM);
        assertEquals(plus(FLIPPING, "TERM 1001", "INT 1002"), os.calls(), "no flip and no second stop while stopping");

        child(1).die(killedBy(Signal.INT));
        drain();
        child(0).exit(exited(0));
        drain();
        assertEquals(Optional.empty(), sup().outcome(), "baton waits for every group");
        child(0).emptyGroup();
        drain();
        assertEquals(Optional.of(new Outcome.Relay(exited(0))), sup().outcome());
        assertEquals(0, listener.count("flipEnded"));
    }

    @Test
    void termDuringShutdownDelayCutsTheDelayShort() throws Exception {
        configs.then(cfg(2).stopDelay(Duration.ofSeconds(3)).stopSignal(Signal.INT).build());
        startReady(cfg(1).stopDelay(Duration.ofSeconds(3)));
        signal(Signal.HUP);
        passCandidate(2);
        assertEquals(FLIPPING, os.calls());

        signal(Signal.INT);
        assertEquals(plus(FLIPPING, "INT 1002", "TERM 1001"), os.calls());
        advance(Duration.ofSeconds(3));
        assertEquals(plus(FLIPPING, "INT 1002", "TERM 1001"), os.calls(), "the delay timer was cancelled");

        child(0).die(killedBy(Signal.TERM));
        child(1).die(exited(130));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(exited(130))), sup().outcome(), "relays the new current child");
    }

    @Test
    void shutdownEscalatesToKillPerGenerationTimeout() throws Exception {
        configs.then(cfg(2).stopTimeout(Duration.ofSeconds(4)).build());
        startReady(cfg(1).stopTimeout(Duration.ofSeconds(10)));
        child(0).ignoreTerm();
        signal(Signal.HUP);
        child(1).ignoreTerm();

        signal(Signal.TERM);
        assertEquals(plus(FLIPPING, "TERM 1001", "TERM 1002"), os.calls());
        advance(Duration.ofSeconds(4));
        assertEquals(plus(FLIPPING, "TERM 1001", "TERM 1002", "KILL 1002"), os.calls());
        assertEquals(Optional.empty(), sup().outcome());
        advance(Duration.ofSeconds(6));
        assertEquals(plus(FLIPPING, "TERM 1001", "TERM 1002", "KILL 1002", "KILL 1001"), os.calls());
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.KILL))), sup().outcome());
    }

    @Test
    void currentChildDyingAfterReadyIsRelayed() throws Exception {
        startReady();
        child(0).exit(exited(7));
        drain();

        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls(), "what is left of its group is stopped");
        assertEquals(List.of("configApplied v1", "ready 1 1001", "stopping"), listener.events());
        assertEquals(Optional.empty(), sup().outcome());

        child(0).emptyGroup();
        drain();
        assertEquals(Optional.of(new Outcome.Relay(exited(7))), sup().outcome());

        signal(Signal.HUP);
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls());
    }

    @Test
    void currentChildKilledBySignalIsRelayedAsSignaled() throws Exception {
        startReady();
        ChildExit segv = new ChildExit.Signaled(Signal.SEGV.number(), true);
        child(0).die(segv);
        drain();
        assertEquals(Optional.of(new Outcome.Relay(segv)), sup().outcome());
    }

    @Test
    void termBeforeReadyStopsTheFirstChild() throws Exception {
        sup().start(cfg(1).build());
        sup().signal(Signal.HUP);
        signal(Signal.TERM);
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls());
        check(1).awaitClosed();
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.TERM))), sup().outcome());
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls(), "the queued upgrade is dropped");
    }

    @Test
    void newCurrentDyingWhileOldRetiresStopsBothAndRelaysNewExit() throws Exception {
        startReady(cfg(1).stopDelay(Duration.ofSeconds(3)));
        signal(Signal.HUP);
        passCandidate(2);
        assertEquals(FLIPPING, os.calls());

        child(1).exit(exited(9));
        drain();
        assertEquals(plus(FLIPPING, "TERM 1002", "TERM 1001"), os.calls(), "the old one's delay is cut short");
        child(1).emptyGroup();
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(exited(9))), sup().outcome());
    }

    @Test
    void killAsShutdownSignalNeedsNoTimeout() throws Exception {
        startReady(cfg(1).stopSignal(Signal.KILL));
        signal(Signal.TERM);
        assertEquals(List.of("spawn v1 1001", "KILL 1001"), os.calls());
        assertEquals(0, clock.pending(), "no escalation timer after SIGKILL");
        child(0).die(killedBy(Signal.KILL));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.KILL))), sup().outcome());
    }
}
