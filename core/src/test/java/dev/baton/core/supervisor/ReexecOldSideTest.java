package dev.baton.core.supervisor;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.UpgradeConfig;
import dev.baton.core.config.UpgradeMode;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Relaunch;
import dev.baton.core.os.Identity;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Re-exec flips seen from the old baton: it starts a new baton through its launcher, watches the
 * handover channel (the test plays the new baton on {@link FakeOs#newBatonChannel}), enforces the
 * deadline and, on READY, answers ACK, stops its own child and ends with {@link Outcome.HandedOver}.
 */
class ReexecOldSideTest extends SupervisorHarness {
    private static final Path LAUNCHER = Path.of("/opt/baton/bin/baton");
    private static final Relaunch RELAUNCH = new Relaunch(LAUNCHER, List.of("run", "-c", "app.yaml"), Path.of("/srv"));
    private static final long OLD_CHILD = 1001;
    private static final long NEW_BATON = 1002;
    private static final String SPAWNED = "spawn v1 1001";
    private static final String STARTED = "new-baton /opt/baton/bin/baton 1002";
    private static final String READY = "READY pid=1002 child=2001 generation=2";

    private HandoverSetup setup = new HandoverSetup(Optional.of(RELAUNCH), Optional.empty(), "1.2.3");
    private final List<Long> handedOver = new CopyOnWriteArrayList<>();
    private Supervisor supervisor;

    @Override
    Supervisor sup() {
        if (supervisor == null) {
            SupervisorListener recording = new SupervisorListener() {
                @Override
                public void configApplied(BatonConfig config) {
                    listener.configApplied(config);
                }

                @Override
                public void ready(long generation, long childPid) {
                    listener.ready(generation, childPid);
                }

                @Override
                public void flipStarted(long generation) {
                    listener.flipStarted(generation);
                }

                @Override
                public void flipEnded(long generation, String failure) {
                    listener.flipEnded(generation, failure);
                }

                @Override
                public void stopping() {
                    listener.stopping();
                }

                @Override
                public void handedOver(long newBatonPid) {
                    handedOver.add(newBatonPid);
                }
            };
            supervisor = new Supervisor(os, configs, clock, environment, recording, setup);
        }
        return supervisor;
    }

    // ---- helpers ----

    private TestConfig reexec() {
        return cfg(1).mode(UpgradeMode.REEXEC);
    }

    private static BatonConfig withAllowance(TestConfig t, Duration allowance) {
        BatonConfig c = t.build();
        UpgradeConfig u = c.upgrade();
        return new BatonConfig(c.source(), c.generation(), c.command(), c.workdir(), c.env(), c.user(), c.group(),
                c.identity(), c.pidfile(), c.alternate(), new UpgradeConfig(u.signal(), u.mode(), u.timeout(), allowance),
                c.shutdown(), c.healthcheck(), c.log());
    }

    private void startOld(BatonConfig first) throws InterruptedException {
        sup().start(first);
        check(1).pass();
        stepUntil(sup()::ready);
    }

    /** Starts generation 1 (reexec), makes it ready and sends the upgrade signal. */
    private FakeLineChannel flip(TestConfig first) throws InterruptedException {
        startReady(first);
        signal(Signal.HUP);
        assertEquals(List.of(SPAWNED, STARTED), os.calls());
        return os.newBatonChannel(0);
    }

    private FakeLineChannel flip() throws InterruptedException {
        return flip(reexec());
    }

    private void deliver(FakeLineChannel ch, String line) throws InterruptedException {
        ch.deliver(line);
        drain();
    }

    private FakeOs.FakeChild newBaton() {
        return os.byPid(NEW_BATON);
    }

    /** Every signal the OS was asked to send to this pid or its group. */
    private List<String> signalsTo(long pid) {
        return os.calls().stream()
                .filter(c -> c.endsWith(" " + pid) && !c.startsWith("spawn ") && !c.startsWith("new-baton "))
                .toList();
    }

    private List<String> flipEnds() {
        return listener.events().stream().filter(e -> e.startsWith("flipEnded")).toList();
    }

    // ---- starting the new baton ----

    @Test
    void successorIsTheLauncherWithOriginalArgsAndEnvPlusHandoverVariables() throws Exception {
        FakeLineChannel ch = flip();

        SpawnSpec spec = os.specs().get(1);
        assertEquals(LAUNCHER, spec.program(), "the launcher path as invoked, not resolved");
        assertEquals(List.of("/opt/baton/bin/baton", "run", "-c", "app.yaml"), spec.argv());
        assertEquals(Path.of("/srv"), spec.workdir());
        assertEquals(Map.of(
                "PATH", "/usr/bin:/bin",
                "HOME", "/root",
                "NOTIFY_SOCKET", "/run/systemd/notify",
                "LISTEN_FDS", "2",
                "BATON_INTERNAL", "x",
                "BATON_PROTOCOL", "1",
                "BATON_GENERATION", "2",
                "BATON_HANDOVER_FD", "3"), spec.env());
        assertFalse(spec.dieWithParent(), "a new baton must outlive the old one: no pdeathsig");
        assertFalse(spec.newProcessGroup(), "a new baton stays in the old baton's process group");
        assertEquals(List.of(), spec.passFds());
        assertEquals(Identity.INHERIT, spec.identity());

        assertTrue(ch.started(), "the old baton reads the handover channel");
        assertEquals(List.of(), ch.sent(), "nothing is sent before READY");
        assertEquals(List.of(), configs.loaded(), "the new baton reads the config, not the old one");
        assertEquals(List.of("configApplied v1", "ready 1 1001", "flipStarted 2"), listener.events());
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void theControlSocketAndTheMetricsListenerArePassedOnAndNamed() throws Exception {
        setup = new HandoverSetup(Optional.of(RELAUNCH), Optional.empty(), "1.2.3", 12, -1, dev.baton.core.handover.Message.WITHOUT_PROBATION,
                dev.baton.core.handover.BatonChange.UNKNOWN, 30);
        flip();

        SpawnSpec spec = os.specs().get(1);
        assertEquals(Map.of(4, 12, 5, 30), spec.fds(), "no listeners held: the metrics listener at 5");
        assertEquals("4", spec.env().get("BATON_CONTROL_FD"));
        assertEquals("5", spec.env().get("BATON_METRICS_FD"));
    }

    @Test
    void withoutRelaunchTheFlipIsRefusedAndNothingIsSpawned() throws Exception {
        setup = new HandoverSetup(Optional.empty(), Optional.empty(), "1.2.3");
        startReady(reexec());
        signal(Signal.HUP);

        assertEquals(List.of(SPAWNED), os.calls());
        assertEquals(List.of("configApplied v1", "ready 1 1001"), listener.events());
        advance(Duration.ofMinutes(10));
        signal(Signal.HUP);
        assertEquals(List.of(SPAWNED), os.calls(), "refused again, nothing left in progress");
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void spawnFailureEndsTheFlipAndLeavesOldUntouched() throws Exception {
        startReady(reexec());
        os.failNextSpawn("No such file or directory");
        signal(Signal.HUP);

        assertEquals(List.of(SPAWNED, "new-baton-failed /opt/baton/bin/baton"), os.calls());
        assertEquals(List.of("flipEnded 2 cannot start the new baton: cannot start spawned-command: No such file or"
                + " directory"), flipEnds());
        advance(Duration.ofMinutes(10));
        assertEquals(List.of(), signalsTo(OLD_CHILD));
        assertEquals(Optional.empty(), sup().outcome());

        signal(Signal.HUP);
        assertEquals(List.of(SPAWNED, "new-baton-failed /opt/baton/bin/baton", "new-baton /opt/baton/bin/baton 1002"),
                os.calls(), "no flip left in progress: the next one starts");
        assertEquals("2", os.specs().get(2).env().get("BATON_GENERATION"));
    }

    // ---- the deadline ----

    @Test
    void deadlineBeforeHelloIsAllowancePlusOldTimeoutFromFlipStart() throws Exception {
        startOld(withAllowance(reexec().upgradeTimeout(Duration.ofSeconds(60)), Duration.ofSeconds(10)));
        advance(Duration.ofSeconds(3)); // the flip starts at t=3s, not at 0
        signal(Signal.HUP);

        advance(Duration.ofMillis(69_999));
        assertEquals(List.of(SPAWNED, STARTED), os.calls());
        advance(Duration.ofMillis(1));
        assertEquals(List.of(SPAWNED, STARTED, "pid KILL 1002"), os.calls());
    }

    @Test
    void helloWithALongerTimeoutExtendsTheDeadlineFromTheFlipStart() throws Exception {
        startOld(withAllowance(reexec().upgradeTimeout(Duration.ofSeconds(60)), Duration.ofSeconds(7)));
        advance(Duration.ofSeconds(3));
        signal(Signal.HUP);
        FakeLineChannel ch = os.newBatonChannel(0);

        advance(Duration.ofSeconds(5));
        deliver(ch, "HELLO pid=1002 version=2.0.0 timeout_ms=120000");
        // deadline = flip start + 7 s + max(60 s, 120 s) = flip start + 127 s
        advance(Duration.ofMillis(127_000 - 5_000 - 1));
        assertEquals(List.of(SPAWNED, STARTED), os.calls(), "not killed at the old deadline (67 s)");
        advance(Duration.ofMillis(1));
        assertEquals(List.of(SPAWNED, STARTED, "pid KILL 1002"), os.calls());
    }

    @Test
    void helloWithAShorterTimeoutKeepsTheOldTimeout() throws Exception {
        startOld(withAllowance(reexec().upgradeTimeout(Duration.ofSeconds(60)), Duration.ofSeconds(10)));
        advance(Duration.ofSeconds(2));
        signal(Signal.HUP);
        FakeLineChannel ch = os.newBatonChannel(0);

        advance(Duration.ofSeconds(30));
        deliver(ch, "HELLO pid=1002 version=2.0.0 timeout_ms=5000");
        // max(60 s, 5 s) + 10 s = 70 s from the flip start, not 15 s from it nor from HELLO
        advance(Duration.ofMillis(70_000 - 30_000 - 1));
        assertEquals(List.of(SPAWNED, STARTED), os.calls());
        advance(Duration.ofMillis(1));
        assertEquals(List.of(SPAWNED, STARTED, "pid KILL 1002"), os.calls());
    }

    /**
     * The largest upgrade.timeout a valid config can hold is Long.MAX_VALUE ns (about 2562047h); a new
     * baton with such a config sends it in HELLO. The deadline sum must not overflow and throw on the
     * loop thread (which would crash the old baton and, with it, the serving child).
     */
    @Test
    void helloWithTheLargestValidTimeoutDoesNotCrashTheOldBaton() throws Exception {
        FakeLineChannel ch = flip();
        long maxValidMillis = Long.MAX_VALUE / 1_000_000L;
        deliver(ch, "HELLO pid=1002 version=2.0.0 timeout_ms=" + maxValidMillis);

        advance(Duration.ofDays(365));
        assertEquals(List.of(SPAWNED, STARTED), os.calls(), "no KILL: the deadline is far away");
        deliver(ch, READY);
        assertEquals(List.of("ACK"), ch.sent());
    }

    @Test
    void atTheDeadlineTheNewBatonIsKilledAndTheFlipEndsOnItsExitWithOldUntouched() throws Exception {
        FakeLineChannel ch = flip(reexec().upgradeTimeout(Duration.ofSeconds(60)));
        deliver(ch, "HELLO pid=1002 version=2.0.0 timeout_ms=60000");
        assertEquals(List.of(), flipEnds());

        advance(Duration.ofSeconds(70)); // default start_allowance 10 s + 60 s
        assertEquals(List.of(SPAWNED, STARTED, "pid KILL 1002"), os.calls());
        assertTrue(newBaton().exited());
        assertEquals(List.of("flipEnded 2 new baton pid 1002 not ready within the deadline; killed"), flipEnds());
        assertTrue(ch.closed(), "the handover channel of a failed new baton is closed");

        advance(Duration.ofMinutes(10));
        assertEquals(List.of(), signalsTo(OLD_CHILD), "the old child is never signalled");
        assertEquals(List.of("pid KILL 1002"), signalsTo(NEW_BATON), "killed once");
        assertEquals(1, sup().current().number);
        assertEquals(OLD_CHILD, sup().current().pid());
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void failThenHangingNewBatonIsKilledAtTheDeadlineAndTheFlipEndsWithTheFailReason() throws Exception {
        FakeLineChannel ch = flip();
        deliver(ch, "FAIL new child exited with code 3 before it was healthy");
        advance(Duration.ofMillis(69_999));
        assertEquals(List.of(SPAWNED, STARTED), os.calls());
        advance(Duration.ofMillis(1));
        assertEquals(List.of(SPAWNED, STARTED, "pid KILL 1002"), os.calls());
        assertEquals(List.of("flipEnded 2 new child exited with code 3 before it was healthy"), flipEnds());
        assertEquals(List.of(), signalsTo(OLD_CHILD));
    }

    // ---- READY: the handover ----

    @Test
    void readyIsAckedThenOldChildStopsWithOldShutdownSettingsAndOutcomeIsHandedOver() throws Exception {
        FakeLineChannel ch = flip(reexec().stopDelay(Duration.ofSeconds(2)).stopSignal(Signal.INT)
                .stopTimeout(Duration.ofSeconds(10)));
        deliver(ch, "HELLO pid=1002 version=2.0.0 timeout_ms=60000");
        advance(Duration.ofSeconds(1));
        deliver(ch, READY);

        assertEquals(List.of("ACK"), ch.sent());
        assertEquals(List.of(NEW_BATON), handedOver);
        assertEquals(List.of(SPAWNED, STARTED), os.calls(), "nothing before shutdown.delay");

        advance(Duration.ofMillis(1999));
        assertEquals(List.of(), signalsTo(OLD_CHILD));
        advance(Duration.ofMillis(1));
        assertEquals(List.of("INT 1001"), signalsTo(OLD_CHILD), "the OLD config's shutdown.signal");

        child(0).exit(killedBy(Signal.INT));
        drain();
        assertEquals(Optional.empty(), sup().outcome(), "the old child's group is still there");
        child(0).emptyGroup();
        drain();
        assertEquals(Optional.of(new Outcome.HandedOver()), sup().outcome());
        assertEquals(List.of(), signalsTo(NEW_BATON), "the new baton is never signalled after READY");
        assertEquals(List.of("ACK"), ch.sent());
    }

    @Test
    void oldChildIgnoringItsStopSignalIsKilledAfterShutdownTimeoutThenHandedOver() throws Exception {
        FakeLineChannel ch = flip(reexec().stopTimeout(Duration.ofSeconds(10)));
        child(0).ignoreTerm();
        deliver(ch, READY);
        assertEquals(List.of("TERM 1001"), signalsTo(OLD_CHILD));

        advance(Duration.ofMillis(9999));
        assertEquals(Optional.empty(), sup().outcome());
        advance(Duration.ofMillis(1));
        assertEquals(List.of("TERM 1001", "KILL 1001"), signalsTo(OLD_CHILD));
        assertEquals(Optional.of(new Outcome.HandedOver()), sup().outcome());
    }

    @Test
    void deadlineIsCancelledByReady() throws Exception {
        FakeLineChannel ch = flip();
        deliver(ch, READY);
        advance(Duration.ofMinutes(10));
        assertEquals(List.of(), signalsTo(NEW_BATON));
    }

    @Test
    void upgradeSignalQueuedDuringTheFlipIsSentAsUpgradeRightAfterAck() throws Exception {
        FakeLineChannel ch = flip();
        signal(Signal.HUP);
        signal(Signal.HUP);
        assertEquals(List.of(SPAWNED, STARTED), os.calls(), "queued, no second new baton");
        assertEquals(List.of(), ch.sent());

        deliver(ch, READY);
        assertEquals(List.of("ACK", "UPGRADE"), ch.sent());
        assertEquals(1, os.spawnCount() - 1, "still only one new baton");
    }

    @Test
    void upgradeSignalAfterReadyIsForwardedAsUpgrade() throws Exception {
        FakeLineChannel ch = flip(reexec().stopDelay(Duration.ofSeconds(5)));
        deliver(ch, READY);
        assertEquals(List.of("ACK"), ch.sent());

        signal(Signal.HUP);
        assertEquals(List.of("ACK", "UPGRADE"), ch.sent());
        assertEquals(List.of(SPAWNED, STARTED), os.calls(), "the new baton runs the next flip, not this one");
    }

    // ---- the new baton fails ----

    @Test
    void failLeavesOldUntouchedAndTheFlipEndsOnlyWhenTheNewBatonExits() throws Exception {
        FakeLineChannel ch = flip();
        deliver(ch, "HELLO pid=1002 version=2.0.0 timeout_ms=60000");
        deliver(ch, "FAIL new child not healthy within 1m");
        assertEquals(List.of(), flipEnds(), "the new baton is still cleaning up");
        assertEquals(List.of(SPAWNED, STARTED), os.calls());

        deliver(ch, READY);
        assertEquals(List.of(), ch.sent(), "READY after FAIL is not acked");

        newBaton().die(exited(69));
        drain();
        assertEquals(List.of("flipEnded 2 new child not healthy within 1m"), flipEnds());
        advance(Duration.ofMinutes(10));
        assertEquals(List.of(SPAWNED, STARTED), os.calls(), "old child untouched, no KILL after exit");
        assertEquals(OLD_CHILD, sup().current().pid());
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void eofBeforeReadyKillsTheNewBaton() throws Exception {
        FakeLineChannel ch = flip();
        newBaton().ignoreTerm();
        ch.eof();
        drain();
        assertEquals(List.of("pid KILL 1002"), signalsTo(NEW_BATON));
        assertTrue(newBaton().exited());
        assertEquals(List.of("flipEnded 2 new baton killed by SIGKILL before it was ready"), flipEnds());
        assertEquals(List.of(), signalsTo(OLD_CHILD));
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void eofAfterTheNewBatonWasReapedSignalsNothing() throws Exception {
        FakeLineChannel ch = flip();
        newBaton().die(exited(78));
        drain();
        ch.eof();
        drain();
        assertEquals(List.of(), signalsTo(NEW_BATON), "its pid may be reused: never signalled after exit");
        assertEquals(List.of("flipEnded 2 new baton exited with code 78 before it was ready"), flipEnds());
    }

    @Test
    void eofAfterReadyKillsNothing() throws Exception {
        FakeLineChannel ch = flip();
        deliver(ch, READY);
        ch.eof();
        drain();
        assertEquals(List.of(), signalsTo(NEW_BATON));
    }

    @Test
    void newBatonExitingBeforeReadyEndsTheFlipWithItsStatus() throws Exception {
        flip();
        newBaton().die(exited(1));
        drain();

        List<String> ends = flipEnds();
        assertEquals(1, ends.size());
        assertTrue(ends.get(0).startsWith("flipEnded 2 "), ends.get(0));
        assertTrue(ends.get(0).contains("exited with code 1"), ends.get(0));
        assertEquals(List.of(), signalsTo(OLD_CHILD));
        assertEquals(List.of(), signalsTo(NEW_BATON));
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void aFailedFlipRunsAQueuedUpgradeWithGenerationTwoAgain() throws Exception {
        flip();
        signal(Signal.HUP); // queued
        newBaton().die(exited(1));
        drain();

        assertEquals(List.of(SPAWNED, STARTED, "new-baton /opt/baton/bin/baton 1003"), os.calls());
        assertEquals("2", os.specs().get(2).env().get("BATON_GENERATION"));
        assertEquals(2, listener.count("flipStarted 2"));
    }

    @Test
    void nextFlipAfterAFailedOneUsesGenerationTwoAgainAndIgnoresTheOldChannel() throws Exception {
        FakeLineChannel first = flip();
        newBaton().die(exited(1));
        drain();

        signal(Signal.HUP);
        assertEquals(List.of(SPAWNED, STARTED, "new-baton /opt/baton/bin/baton 1003"), os.calls());
        SpawnSpec spec = os.specs().get(2);
        assertEquals("2", spec.env().get("BATON_GENERATION"));
        assertEquals(List.of("flipStarted 2", "flipEnded 2 new baton exited with code 1 before it was ready",
                "flipStarted 2"), listener.events().subList(2, listener.events().size()));

        // a late line from the first new baton is not the second one's READY
        first.deliver(READY);
        drain();
        assertEquals(List.of(), first.sent());
        assertEquals(List.of(), os.newBatonChannel(1).sent());
        assertEquals(List.of(), handedOver);

        os.newBatonChannel(1).deliver("READY pid=1003 child=2002 generation=2");
        drain();
        assertEquals(List.of("ACK"), os.newBatonChannel(1).sent());
        assertEquals(List.of(1003L), handedOver);
    }

    @Test
    void malformedAndUnknownLinesAreIgnored() throws Exception {
        FakeLineChannel ch = flip();
        deliver(ch, "READY pid=1002 child=abc generation=2");
        deliver(ch, "READY pid=1002");
        deliver(ch, "HELLO pid=1002 version=2.0.0 timeout_ms=soon");
        deliver(ch, "WHATEVER pid=1002");
        deliver(ch, "ready pid=1002 child=2001 generation=2");
        deliver(ch, "");
        assertEquals(List.of(), ch.sent());
        assertEquals(List.of(), handedOver);
        assertEquals(List.of(SPAWNED, STARTED), os.calls());

        // the malformed HELLO did not move the deadline (default 10 s + 60 s)
        advance(Duration.ofSeconds(70));
        assertEquals(List.of("pid KILL 1002"), signalsTo(NEW_BATON));
    }

    // ---- stopping during a flip ----

    @Test
    void termBeforeReadySendsStopStopsOldChildAndWaitsForBoth() throws Exception {
        FakeLineChannel ch = flip();
        signal(Signal.TERM);

        assertEquals(List.of("STOP"), ch.sent());
        assertEquals(List.of("TERM 1001"), signalsTo(OLD_CHILD));
        assertEquals(List.of(), signalsTo(NEW_BATON), "the new baton stops itself on STOP");

        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(Optional.empty(), sup().outcome(), "the new baton has not exited yet");

        deliver(ch, READY);
        assertEquals(List.of("STOP"), ch.sent(), "no ACK once stopping");
        assertEquals(Optional.empty(), sup().outcome());

        newBaton().die(exited(143));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.TERM))), sup().outcome());
        assertEquals(List.of(), handedOver);
    }

    @Test
    void termBeforeReadyNewBatonExitsFirstThenOutcomeWhenOldGroupGone() throws Exception {
        FakeLineChannel ch = flip();
        signal(Signal.INT);
        assertEquals(List.of("STOP"), ch.sent());
        newBaton().die(exited(0));
        drain();
        assertEquals(Optional.empty(), sup().outcome(), "the old child's group is still there");

        child(0).exit(exited(0));
        drain();
        assertEquals(Optional.empty(), sup().outcome());
        child(0).emptyGroup();
        drain();
        assertEquals(Optional.of(new Outcome.Relay(exited(0))), sup().outcome());
    }

    @Test
    void termBeforeReadyNewBatonIgnoringStopIsKilledAtTheDeadline() throws Exception {
        flip();
        signal(Signal.TERM);
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(Optional.empty(), sup().outcome());

        advance(Duration.ofSeconds(70));
        assertEquals(List.of("pid KILL 1002"), signalsTo(NEW_BATON));
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.TERM))), sup().outcome());
    }

    @Test
    void stopFromTheNewBatonShutsTheOldDown() throws Exception {
        FakeLineChannel ch = flip();
        deliver(ch, "STOP");
        assertEquals(List.of("TERM 1001"), signalsTo(OLD_CHILD));
        assertEquals(List.of(), ch.sent(), "no STOP echoed back");

        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(Optional.empty(), sup().outcome());
        newBaton().die(exited(0));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.TERM))), sup().outcome());
    }

    // ---- the old child dies during the flip ----

    @Test
    void oldChildDyingDuringTheFlipThenReadyIsHandedOver() throws Exception {
        FakeLineChannel ch = flip();
        child(0).exit(exited(3));
        drain();
        assertEquals(Optional.empty(), sup().outcome(), "waits for the new baton");
        child(0).emptyGroup();
        drain();
        assertEquals(Optional.empty(), sup().outcome());

        deliver(ch, READY);
        assertEquals(List.of("ACK"), ch.sent());
        assertEquals(Optional.of(new Outcome.HandedOver()), sup().outcome());
        assertEquals(List.of(), signalsTo(NEW_BATON));
    }

    @Test
    void oldChildDyingDuringTheFlipThenNewBatonFailingRelaysTheOldChildsExit() throws Exception {
        FakeLineChannel ch = flip();
        child(0).die(exited(3));
        drain();
        assertEquals(Optional.empty(), sup().outcome());

        deliver(ch, "FAIL new child exited with code 1 before it was healthy");
        assertEquals(Optional.empty(), sup().outcome(), "the new baton is still cleaning up");
        newBaton().die(exited(1));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(exited(3))), sup().outcome());
    }

    @Test
    void oldChildDyingDuringTheFlipThenNewBatonCrashingRelaysTheOldChildsExit() throws Exception {
        flip();
        child(0).die(killedBy(Signal.SEGV));
        drain();
        newBaton().die(killedBy(Signal.KILL));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.SEGV))), sup().outcome());
    }

    // ---- the pidfile ----

    @Test
    void pidfileIsRestoredAfterAFailedFlipIfTheNewBatonOverwroteIt() throws Exception {
        Path pidfile = tmp.resolve("baton.pid");
        flip(reexec().pidfile(pidfile));
        assertEquals(OptionalLong.of(FakeOs.OWN_PID), Pidfile.read(pidfile));

        // the new baton wrote its pid, then died before READY
        Files.writeString(pidfile, NEW_BATON + "\n", StandardCharsets.US_ASCII);
        newBaton().die(exited(1));
        drain();
        assertEquals(OptionalLong.of(FakeOs.OWN_PID), Pidfile.read(pidfile));
    }

    @Test
    void pidfileIsLeftAloneAfterReady() throws Exception {
        Path pidfile = tmp.resolve("baton.pid");
        FakeLineChannel ch = flip(reexec().pidfile(pidfile));
        Files.writeString(pidfile, NEW_BATON + "\n", StandardCharsets.US_ASCII);
        deliver(ch, READY);
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(Optional.of(new Outcome.HandedOver()), sup().outcome());
        sup().finish();
        assertEquals(OptionalLong.of(NEW_BATON), Pidfile.read(pidfile), "the new baton's pidfile survives");
    }
}
