package dev.baton.core.supervisor;

import dev.baton.core.config.UpgradeMode;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Message;
import dev.baton.core.handover.Relaunch;
import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * shutdown.max_draining with re-exec flips (handover protocol 3): the old baton says DRAINING after
 * ACK and drains in the background until its child is gone; the new baton counts the flip as
 * ended there, may flip again meanwhile up to the limit, and passes on what drains when it hands
 * over in turn. Each scenario plays one side; the other is a {@link FakeLineChannel}.
 */
class ReexecDrainTest extends SupervisorHarness {
    private static final Relaunch RELAUNCH = new Relaunch(Path.of("/opt/baton/bin/baton"),
            List.of("run", "-c", "app.yaml"), Path.of("/srv"));
    private static final String OLD_LINE = "generation 1 (child pid 1001, SIGKILL at 2026-12-02T20:00:30Z) in baton pid 4000";

    private final FakeLineChannel old = new FakeLineChannel();
    private final List<List<String>> draining = new ArrayList<>();
    private HandoverSetup setup = new HandoverSetup(Optional.of(RELAUNCH), Optional.empty(), "1.2.3");
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
                    }), setup);
        }
        return supervisor;
    }

    private TestConfig drains(long g, int max) {
        return cfg(g).mode(UpgradeMode.REEXEC).maxDraining(max).stopTimeout(Duration.ofSeconds(30));
    }

    private List<String> flipEnds() {
        return listener.events().stream().filter(e -> e.startsWith("flipEnded")).toList();
    }

    private List<String> lastDraining() {
        return draining.isEmpty() ? List.of() : draining.get(draining.size() - 1);
    }

    /** This baton is generation 2, started by an old baton that speaks protocol 3, and it is READY. */
    private void newBatonReady(int maxDraining) throws InterruptedException {
        setup = new HandoverSetup(Optional.of(RELAUNCH), Optional.of(old), "1.2.3", -1, 4000, Message.PROTOCOL);
        configs = new ScriptedConfigs(g -> drains(g, maxDraining).build());
        os.childrenDieOn(Signal.KILL);
        sup().start(drains(2, maxDraining).build());
        check(2).pass();
        stepUntil(sup()::ready);
        old.deliver("ACK");
        drain();
    }

    private void fromOld(String line) throws InterruptedException {
        old.deliver(line);
        drain();
    }

    // ---- the old baton ----

    @Test
    void withMaxDrainingTheOldBatonSpeaksProtocol3AndSaysWhatDrainsAfterAck() throws Exception {
        os.childrenDieOn(Signal.KILL); // the old child drains until it is done
        startReady(drains(1, 3));
        signal(Signal.HUP);
        assertEquals("3", os.specs().get(1).env().get("BATON_PROTOCOL"));
        FakeLineChannel nb = os.newBatonChannel(0);
        nb.deliver("HELLO pid=1002 version=2.0.0 timeout_ms=60000");
        nb.deliver("READY pid=1002 child=2001 generation=2");
        drain();

        assertEquals(2, nb.sent().size(), nb.sent().toString());
        assertEquals("ACK", nb.sent().get(0));
        assertTrue(nb.sent().get(1).matches("DRAINING generation 1 \\(child pid 1001, SIGKILL at \\S+\\) in baton pid \\d+"),
                nb.sent().get(1));
        assertTrue(os.calls().contains("TERM 1001"), "the old generation is told to stop as ever");

        child(0).die(exited(0));
        drain();
        assertEquals("DRAINING", nb.sent().get(2), "nothing drains here any more");
        assertEquals(Optional.of(new Outcome.HandedOver()), sup().outcome());
    }

    @Test
    void withoutMaxDrainingTheOldBatonKeepsTheOldestProtocolThatServes() throws Exception {
        startReady(drains(1, 0));
        signal(Signal.HUP);
        assertEquals("1", os.specs().get(1).env().get("BATON_PROTOCOL"));
    }

    @Test
    void aTermToADrainingOldBatonEndsItsOwnDrainButNotTheBatonInCharge() throws Exception {
        os.childrenDieOn(Signal.KILL);
        startReady(drains(1, 3));
        signal(Signal.HUP);
        FakeLineChannel nb = os.newBatonChannel(0);
        nb.deliver("READY pid=1002 child=2001 generation=2");
        drain();

        signal(Signal.TERM);
        assertFalse(nb.sent().contains("STOP"), nb.sent().toString());
        child(0).die(killedBy(Signal.KILL));
        drain();
        assertTrue(sup().outcome().isPresent(), "it exits once its child is gone");
    }

    // ---- the new baton ----

    @Test
    void drainingEndsTheFlipAtTheTakeoverAndTheNextMayStartAtOnce() throws Exception {
        newBatonReady(3);
        assertEquals(List.of(), flipEnds(), "ACK alone: the old baton may still stop its child before it exits");

        fromOld("DRAINING " + OLD_LINE);
        assertEquals(List.of("flipEnded 2 ok"), flipEnds());
        assertEquals(List.of(OLD_LINE), lastDraining(), "baton status lists the old baton's generation");

        signal(Signal.HUP);
        assertEquals(1, listener.count("flipStarted 3"), "a flip starts while the old baton drains");
        assertTrue(os.calls().stream().anyMatch(c -> c.startsWith("new-baton ")), os.calls().toString());
    }

    @Test
    void atTheLimitTheNextFlipWaitsUntilAnOldGenerationIsGoneAndIsNotRefused() throws Exception {
        newBatonReady(1);
        fromOld("DRAINING " + OLD_LINE);

        signal(Signal.HUP);
        assertEquals(0, listener.count("flipStarted 3"), "1 drains of shutdown.max_draining: 1: the flip waits");
        assertEquals(List.of("flipEnded 2 ok"), flipEnds(), "and is not refused");

        fromOld("DRAINING");
        assertEquals(1, listener.count("flipStarted 3"), "the queued flip starts once the old generation is gone");
        assertEquals(List.of(), lastDraining());
    }

    @Test
    void theDrainingOldBatonsExitFreesTheSlotToo() throws Exception {
        newBatonReady(1);
        fromOld("DRAINING " + OLD_LINE);
        signal(Signal.HUP);
        assertEquals(0, listener.count("flipStarted 3"));

        old.eof();
        drain();
        assertEquals(1, listener.count("flipStarted 3"));
        assertEquals(List.of("flipEnded 2 ok"), flipEnds(), "its exit ends no flip a second time");
    }

    @Test
    void handingOverInTurnPassesOnWhatDrainsInTheOldBatonsAndExitsOnlyAfterThem() throws Exception {
        newBatonReady(3);
        fromOld("DRAINING " + OLD_LINE);
        signal(Signal.HUP); // generation 3, by re-exec
        FakeLineChannel nb = os.newBatonChannel(0);
        assertEquals("3", os.specs().get(1).env().get("BATON_PROTOCOL"));
        nb.deliver("READY pid=1003 child=3001 generation=3");
        drain();

        assertEquals("ACK", nb.sent().get(0));
        String mine = nb.sent().get(1);
        assertTrue(mine.matches("DRAINING generation 2 \\(child pid 1001, SIGKILL at \\S+\\) in baton pid \\d+; "
                + java.util.regex.Pattern.quote(OLD_LINE)), mine);

        child(0).die(exited(0)); // this baton's own child is gone; the old baton still drains
        drain();
        assertEquals("DRAINING " + OLD_LINE, nb.sent().get(2));
        assertEquals(Optional.empty(), sup().outcome(), "it waits for the old baton, to pass on its news");

        old.eof();
        drain();
        assertEquals("DRAINING", nb.sent().get(3));
        assertEquals(Optional.of(new Outcome.HandedOver()), sup().outcome());
    }
}
