package dev.baton.core.supervisor;

import dev.baton.core.config.UpgradeMode;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Relaunch;
import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.baton.core.supervisor.FlipRecord.Phase.CHILD_SPAWNED;
import static dev.baton.core.supervisor.FlipRecord.Phase.CONFIG_READ;
import static dev.baton.core.supervisor.FlipRecord.Phase.HEALTHY;
import static dev.baton.core.supervisor.FlipRecord.Phase.NEW_BATON_STARTED;
import static dev.baton.core.supervisor.FlipRecord.Phase.OLD_CHILD_GONE;
import static dev.baton.core.supervisor.FlipRecord.Phase.OLD_CHILD_SIGNALLED;
import static dev.baton.core.supervisor.FlipRecord.Phase.TAKEOVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One record per flip, restart or rollback, timed on the loop's clock: the phases as each side
 * of the flip sees them, adding up to the whole.
 */
class FlipRecordTest extends SupervisorHarness {
    private static final Relaunch RELAUNCH = new Relaunch(Path.of("/opt/baton/bin/baton"),
            List.of("run", "-c", "app.yaml"), Path.of("/srv"));
    private final List<FlipRecord> records = new CopyOnWriteArrayList<>();
    private HandoverSetup setup = HandoverSetup.NONE;
    private Supervisor supervisor;

    @Override
    Supervisor sup() {
        if (supervisor == null) {
            supervisor = new Supervisor(os, configs, clock, environment, SupervisorListener.all(listener,
                    new SupervisorListener() {
                        @Override
                        public void flipRecorded(FlipRecord record) {
                            records.add(record);
                        }
                    }), setup);
        }
        return supervisor;
    }

    private static Duration ms(long n) {
        return Duration.ofMillis(n);
    }

    private static Duration sum(Map<FlipRecord.Phase, Duration> phases) {
        return phases.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Test
    void anInPlaceFlipBySignalIsTimedPhaseByPhase() throws Exception {
        os.childrenDieOn(Signal.TERM);
        configs = new ScriptedConfigs(g -> cfg(g).stopDelay(ms(500)).build());
        startReady(cfg(1).stopDelay(ms(500)));
        signal(Signal.HUP);
        advance(ms(300));
        check(2).pass();
        stepUntil(() -> sup().current().number == 2);
        advance(ms(500)); // shutdown.delay, then TERM: the old child dies at once
        drain();

        assertEquals(1, records.size(), records.toString());
        FlipRecord r = records.get(0);
        assertEquals(1, r.oldGeneration());
        assertEquals(2, r.newGeneration());
        assertEquals(FlipRecord.Trigger.SIGNAL, r.trigger());
        assertEquals(FlipRecord.Mode.IN_PLACE, r.mode());
        assertEquals(FlipRecord.Result.COMMITTED, r.result());
        assertEquals(List.of(CONFIG_READ, CHILD_SPAWNED, HEALTHY, TAKEOVER, OLD_CHILD_SIGNALLED, OLD_CHILD_GONE),
                List.copyOf(r.phases().keySet()));
        assertEquals(ms(300), r.phases().get(HEALTHY), "spawned → healthy");
        assertEquals(ms(500), r.phases().get(OLD_CHILD_SIGNALLED), "takeover → signalled: shutdown.delay");
        assertEquals(ms(800), r.total());
        assertEquals(r.total(), sum(r.phases()), "the phases add up to the whole");
        assertEquals(child(1).pid, r.newChildPid());
        assertTrue(r.summary().startsWith("flip 1 → 2 (signal, in place) committed in 800.0 ms: config read 0.0 ms"),
                r.summary());
        assertTrue(r.toJson().contains("\"trigger\":\"signal\",\"mode\":\"in_place\",\"result\":\"committed\""),
                r.toJson());
    }

    @Test
    void aFailedFlipIsRecordedWithItsReason() throws Exception {
        startReady();
        configs.thenFail("app.yaml:1: command: missing");
        signal(Signal.HUP);
        assertEquals(1, records.size());
        assertEquals(FlipRecord.Result.FAILED, records.get(0).result());
        assertEquals("config error: app.yaml:1: command: missing", records.get(0).reason());
        assertEquals(-1, records.get(0).newChildPid(), "nothing was spawned");
    }

    @Test
    void aRollbackIsRecordedAsRolledBack() throws Exception {
        configs = new ScriptedConfigs(g -> cfg(g).probation(Duration.ofSeconds(30)).build());
        startReady(cfg(1).probation(Duration.ofSeconds(30)));
        signal(Signal.HUP);
        check(2).pass();
        stepUntil(() -> listener.events().contains("probation 2 1002"));
        advance(ms(2100));
        child(1).die(exited(3));
        drain();
        assertEquals(1, records.size(), records.toString());
        FlipRecord r = records.get(0);
        assertEquals(FlipRecord.Result.ROLLED_BACK, r.result(), r.toString());
        assertTrue(r.reason().startsWith("rolled back: new child exited with code 3, 2.1 s into probation"), r.reason());
        assertTrue(r.toJson().startsWith("{\"event\":\"rollback\""), r.toJson());
    }

    @Test
    void aReexecFlipIsRecordedByTheOldBatonWhenItsChildIsGone() throws Exception {
        setup = new HandoverSetup(Optional.of(RELAUNCH), Optional.empty(), "1.2.3");
        os.childrenDieOn(Signal.KILL); // the old child drains its last request after TERM
        startReady(cfg(1).mode(UpgradeMode.REEXEC));
        sup().requestUpgrade(new dev.baton.core.control.UpgradeReply() {
            @Override
            public void busy(String why) {
            }

            @Override
            public void failed(String reason) {
            }

            @Override
            public void succeeded(long generation, long batonPid, long childPid, long oldBatonPid) {
            }
        });
        drain();
        FakeLineChannel nb = os.newBatonChannel(0);
        advance(ms(400));
        nb.deliver("HELLO pid=1002 version=2.0.0 timeout_ms=60000");
        drain();
        advance(ms(300));
        nb.deliver("READY pid=1002 child=2001 generation=2");
        drain();
        assertEquals(List.of(), records, "not yet: the flip ends when the old child is gone");
        child(0).die(exited(0));
        drain();

        assertEquals(1, records.size());
        FlipRecord r = records.get(0);
        assertEquals(FlipRecord.Trigger.UPGRADE, r.trigger());
        assertEquals(FlipRecord.Mode.REEXEC, r.mode());
        assertEquals(List.of(NEW_BATON_STARTED, CONFIG_READ, HEALTHY, TAKEOVER, OLD_CHILD_SIGNALLED, OLD_CHILD_GONE),
                List.copyOf(r.phases().keySet()));
        assertEquals(ms(400), r.phases().get(CONFIG_READ), "new baton started → HELLO");
        assertEquals(ms(300), r.phases().get(HEALTHY), "HELLO → READY");
        assertEquals(2001, r.newChildPid(), "as READY says");
        assertEquals(r.total(), sum(r.phases()));
        assertEquals(Optional.of(new Outcome.HandedOver()), sup().outcome());
    }
}
