package dev.baton.core.supervisor;

import dev.baton.core.config.UpgradeMode;
import dev.baton.core.control.UpgradeReply;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Relaunch;
import dev.baton.core.os.ChildExit;
import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code baton upgrade} and {@code baton upgrade --dry-run} hear: an invalid config, as the
 * running baton (or the new baton it started) read it, is "invalid" (exit 78), not a failed flip; a
 * dry run reads the next config and starts nothing.
 */
class UpgradeAnswerTest extends SupervisorHarness {
    private static final Relaunch RELAUNCH = new Relaunch(Path.of("/opt/baton/bin/baton"),
            List.of("run", "-c", "app.yaml"), Path.of("/srv"));
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private HandoverSetup setup = HandoverSetup.NONE;
    private Supervisor supervisor;

    @Override
    Supervisor sup() {
        if (supervisor == null) {
            supervisor = new Supervisor(os, configs, clock, environment, listener, setup);
        }
        return supervisor;
    }

    private final UpgradeReply reply = new UpgradeReply() {
        @Override
        public void busy(String why) {
            heard.add("busy " + why);
        }

        @Override
        public void failed(String reason) {
            heard.add("failed " + reason);
        }

        @Override
        public void invalid(String reason) {
            heard.add("invalid " + reason);
        }

        @Override
        public void succeeded(long generation, long batonPid, long childPid, long oldBatonPid) {
            heard.add("took over " + generation);
        }
    };

    @Test
    void inPlaceAnInvalidConfigIsAnsweredInvalidAndNothingIsSpawned() throws Exception {
        startReady();
        configs.thenFail("app.yaml:3: upgrade.timeout: \"soon\" is not a duration");
        sup().requestUpgrade(reply);
        drain();
        assertEquals(List.of("invalid config error: app.yaml:3: upgrade.timeout: \"soon\" is not a duration"), heard);
        assertEquals(1, os.spawnCount(), "only the first child");
    }

    @Test
    void byReexecANewBatonThatSaysFailAndExits78IsAnInvalidConfig() throws Exception {
        setup = new HandoverSetup(Optional.of(RELAUNCH), Optional.empty(), "1.2.3");
        configs = new ScriptedConfigs(g -> cfg(g).mode(UpgradeMode.REEXEC).build());
        startReady(cfg(1).mode(UpgradeMode.REEXEC));
        sup().requestUpgrade(reply);
        drain();
        FakeLineChannel nb = os.newBatonChannel(0);
        nb.deliver("FAIL config error: app.yaml:3: upgrade.timeout: \"soon\" is not a duration");
        nb.eof();
        drain();
        assertEquals(List.of(), heard, "it is not killed at end of file after FAIL: its exit status says why");
        assertEquals(List.of(), os.calls().stream().filter(c -> c.startsWith("KILL")).toList());
        os.byPid(1002).exit(new ChildExit.Exited(78));
        drain();
        assertEquals(List.of("invalid config error: app.yaml:3: upgrade.timeout: \"soon\" is not a duration"), heard);
    }

    @Test
    void byReexecAnyOtherExitIsAFailedFlip() throws Exception {
        setup = new HandoverSetup(Optional.of(RELAUNCH), Optional.empty(), "1.2.3");
        configs = new ScriptedConfigs(g -> cfg(g).mode(UpgradeMode.REEXEC).build());
        startReady(cfg(1).mode(UpgradeMode.REEXEC));
        sup().requestUpgrade(reply);
        drain();
        os.byPid(1002).exit(killedBy(Signal.KILL));
        drain();
        assertEquals(1, heard.size(), heard.toString());
        assertTrue(heard.get(0).startsWith("failed new baton "), heard.toString());
    }

    /** A request that reaches a baton whose loop has ended (an old baton about to exit) is answered busy, not dropped. */
    @Test
    void onceTheLoopHasEndedARequestIsAnsweredBusyAtOnce() throws Exception {
        Thread loop = new Thread(() -> sup().run(cfg(1).build()));
        loop.start();
        stepUntilSpawned();
        sup().requestUpgrade(reply); // queued: the loop answers it (the first child is not ready yet)
        child(0).die(exited(0));
        loop.join(10_000);
        assertTrue(!loop.isAlive(), "the loop ended");
        sup().requestUpgrade(reply);
        List<DryRun> dry = new CopyOnWriteArrayList<>();
        sup().requestDryRun(dry::add);
        assertEquals("busy this baton is exiting; ask again", heard.get(heard.size() - 1));
        assertEquals(List.of(new DryRun.Busy("this baton is exiting; ask again")), dry);
    }

    private void stepUntilSpawned() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (os.spawnCount() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aDryRunReadsTheNextConfigAndStartsNothing() throws Exception {
        startReady();
        List<DryRun> answers = new CopyOnWriteArrayList<>();
        sup().requestDryRun(answers::add);
        drain();
        DryRun.WouldFlip w = assertInstanceOf(DryRun.WouldFlip.class, answers.get(0));
        assertEquals(1, w.current().generation());
        assertEquals(2, w.next().generation());
        assertTrue(w.how().startsWith("an in-place flip ("), w.how());
        assertEquals(List.of(2L), configs.loaded(), "it read generation 2's config");
        assertEquals(1, os.spawnCount(), "nothing is spawned");
        assertEquals(0, listener.count("flipStarted 2"));

        configs.thenFail("app.yaml:1: command: missing");
        sup().requestDryRun(answers::add);
        drain();
        assertEquals(new DryRun.WouldNot("config error: app.yaml:1: command: missing"), answers.get(1));
        assertEquals(1, os.spawnCount());
    }
}
