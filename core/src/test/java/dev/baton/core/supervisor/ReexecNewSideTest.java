package dev.baton.core.supervisor;

import dev.baton.core.config.UpgradeMode;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Relaunch;
import dev.baton.core.os.LineChannel;
import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Re-exec flips seen from the new baton: it has a handover channel to the old baton (the test
 * plays the old baton on a {@link FakeLineChannel}), sends HELLO, runs its first child (generation
 * 2), sends READY once healthy, and counts the flip as ended at end of file after ACK.
 */
class ReexecNewSideTest extends SupervisorHarness {
    private static final Relaunch RELAUNCH = new Relaunch(Path.of("/opt/baton/bin/baton"),
            List.of("run", "-c", "app.yaml"), Path.of("/srv"));
    private static final long CHILD = 1001;
    private static final String SPAWNED = "spawn v2 1001";
    private static final String HELLO = "HELLO pid=4242 version=1.2.3 timeout_ms=60000";
    private static final String READY = "READY pid=4242 child=1001 generation=2";

    private final FakeLineChannel old = new FakeLineChannel();
    /** What the supervisor saw of the world at each send: "LINE | calls=N | pidfile=P". */
    private final List<String> atSend = new CopyOnWriteArrayList<>();
    private Path pidfile;
    private Optional<Relaunch> relaunch = Optional.empty();
    private Supervisor supervisor;

    @Override
    Supervisor sup() {
        if (supervisor == null) {
            LineChannel observed = new Observing(old, line -> atSend.add(line + " | calls=" + os.calls().size()
                    + " | pidfile=" + (pidfile == null ? "-" : Pidfile.read(pidfile))));
            supervisor = new Supervisor(os, configs, clock, environment, listener,
                    new HandoverSetup(relaunch, Optional.of(observed), "1.2.3"));
        }
        return supervisor;
    }

    /** Delegates to a FakeLineChannel, telling a hook about each line before it is sent. */
    private record Observing(FakeLineChannel delegate, Consumer<String> onSend) implements LineChannel {
        @Override
        public void start(Consumer<String> onLine, Runnable onEof) {
            delegate.start(onLine, onEof);
        }

        @Override
        public boolean send(String line) {
            onSend.accept(line);
            return delegate.send(line);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    // ---- helpers ----

    private TestConfig reexec() {
        TestConfig t = cfg(2).mode(UpgradeMode.REEXEC);
        return pidfile == null ? t : t.pidfile(pidfile);
    }

    private void start() {
        sup().start(reexec().build());
    }

    /** Starts generation 2 and makes its child healthy: READY is sent. */
    private void startNewReady() throws InterruptedException {
        start();
        check(2).pass();
        stepUntil(sup()::ready);
        assertEquals(List.of(HELLO, READY), old.sent());
    }

    private void deliver(String line) throws InterruptedException {
        old.deliver(line);
        drain();
    }

    private void eof() throws InterruptedException {
        old.eof();
        drain();
    }

    private List<String> signalsTo(long pid) {
        return os.calls().stream().filter(c -> c.endsWith(" " + pid) && !c.startsWith("spawn ")).toList();
    }

    // ---- HELLO and READY ----

    @Test
    void helloIsSentFirstBeforeTheChildIsSpawned() throws Exception {
        sup().start(reexec().upgradeTimeout(Duration.ofSeconds(45)).build());

        assertEquals(List.of("HELLO pid=4242 version=1.2.3 timeout_ms=45000"), old.sent());
        assertEquals(List.of("HELLO pid=4242 version=1.2.3 timeout_ms=45000 | calls=0 | pidfile=-"), atSend,
                "HELLO goes before the child is spawned");
        assertTrue(old.started(), "the new baton reads the handover channel");
        assertEquals(List.of(SPAWNED), os.calls());
        assertEquals(2, sup().current().number);
        assertEquals(Optional.empty(), sup().outcome());
    }

    @Test
    void readyIsSentOnceTheCheckPassesAndAfterThePidfileIsWritten() throws Exception {
        pidfile = tmp.resolve("baton.pid");
        start();
        assertEquals(List.of(HELLO), old.sent());
        assertFalse(Files.exists(pidfile));

        check(2).pass();
        stepUntil(() -> old.sent().size() == 2);
        assertEquals(List.of(HELLO, READY), old.sent());
        assertEquals(READY + " | calls=1 | pidfile=OptionalLong[4242]", atSend.get(1),
                "the pidfile holds the new baton's pid when READY is sent");
        assertEquals(List.of("configApplied v2", "ready 2 1001"), listener.events());

        advance(Duration.ofMinutes(10));
        assertEquals(List.of(HELLO, READY), old.sent(), "READY is sent once");
        assertEquals(List.of(SPAWNED), os.calls());
        assertEquals(Optional.empty(), sup().outcome());
    }

    // ---- upgrade signals during the handover ----

    @Test
    void upgradeSignalBeforeAckIsQueuedUntilEofAfterAck() throws Exception {
        relaunch = Optional.of(RELAUNCH);
        start();
        signal(Signal.HUP); // before READY
        check(2).pass();
        stepUntil(sup()::ready);
        signal(Signal.HUP); // after READY, before ACK
        assertEquals(List.of(SPAWNED), os.calls());

        deliver("ACK");
        assertEquals(List.of(SPAWNED), os.calls(), "the old baton has not exited yet");
        assertEquals(0, listener.count("flipStarted"));

        eof();
        assertEquals(List.of(SPAWNED, "new-baton /opt/baton/bin/baton 1002"), os.calls(), "one flip, coalesced");
        assertEquals("3", os.specs().get(1).env().get("BATON_GENERATION"));
        assertEquals(List.of("configApplied v2", "ready 2 1001", "flipEnded 2 ok", "flipStarted 3"),
                listener.events());
        assertTrue(old.closed());
    }

    @Test
    void upgradeSignalAfterAckIsQueuedUntilEof() throws Exception {
        relaunch = Optional.of(RELAUNCH);
        startNewReady();
        deliver("ACK");
        signal(Signal.HUP);
        signal(Signal.HUP);
        assertEquals(List.of(SPAWNED), os.calls());

        eof();
        assertEquals(List.of(SPAWNED, "new-baton /opt/baton/bin/baton 1002"), os.calls());
        assertEquals(1, listener.count("flipStarted"));
    }

    @Test
    void upgradeMessageQueuesAFlipLikeASignal() throws Exception {
        relaunch = Optional.of(RELAUNCH);
        startNewReady();
        deliver("ACK");
        deliver("UPGRADE");
        signal(Signal.HUP);
        assertEquals(List.of(SPAWNED), os.calls());

        eof();
        assertEquals(List.of(SPAWNED, "new-baton /opt/baton/bin/baton 1002"), os.calls());
        assertEquals(1, listener.count("flipStarted 3"));
    }

    @Test
    void eofAfterAckWithNothingQueuedEndsTheFlipAndCarriesOn() throws Exception {
        relaunch = Optional.of(RELAUNCH);
        startNewReady();
        deliver("ACK");
        eof();
        assertEquals(List.of("configApplied v2", "ready 2 1001", "flipEnded 2 ok"), listener.events());
        assertEquals(List.of(SPAWNED), os.calls());
        assertTrue(old.closed());

        signal(Signal.TERM);
        assertEquals(List.of(HELLO, READY), old.sent(), "no STOP to an old baton that is gone");
        assertEquals(List.of("TERM 1001"), signalsTo(CHILD));

        signal(Signal.HUP);
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.TERM))), sup().outcome());
    }

    @Test
    void nextUpgradeAfterTheFlipEndedStartsAtOnce() throws Exception {
        relaunch = Optional.of(RELAUNCH);
        startNewReady();
        deliver("ACK");
        eof();
        signal(Signal.HUP);
        assertEquals(List.of(SPAWNED, "new-baton /opt/baton/bin/baton 1002"), os.calls());
    }

    // ---- the old baton goes away ----

    @Test
    void eofBeforeAckStopsTheChildAndFailsWithHandoverLost() throws Exception {
        startNewReady();
        eof();
        assertEquals(List.of("TERM 1001"), signalsTo(CHILD));
        assertTrue(old.closed());
        assertEquals(Optional.empty(), sup().outcome(), "waits for the child's group");

        child(0).die(killedBy(Signal.TERM));
        drain();
        Outcome out = sup().outcome().orElseThrow();
        Outcome.Fail fail = assertInstanceOf(Outcome.Fail.class, out);
        assertEquals(ExitCodes.HANDOVER_LOST, fail.exitCode());
        assertEquals(75, fail.exitCode());
        assertEquals(List.of(HELLO, READY), old.sent());
    }

    @Test
    void eofBeforeReadyStopsTheChildAndFailsWithHandoverLost() throws Exception {
        start();
        eof();
        assertEquals(List.of("TERM 1001"), signalsTo(CHILD));
        child(0).die(killedBy(Signal.TERM));
        drain();
        Outcome.Fail fail = assertInstanceOf(Outcome.Fail.class, sup().outcome().orElseThrow());
        assertEquals(ExitCodes.HANDOVER_LOST, fail.exitCode());

        // a check that passes late changes nothing
        check(2).pass();
        assertEquals(List.of(HELLO), old.sent());
    }

    @Test
    void stopFromTheOldBatonShutsDownAndRelays() throws Exception {
        startNewReady();
        deliver("STOP");
        assertEquals(List.of("TERM 1001"), signalsTo(CHILD));
        assertEquals(List.of(HELLO, READY), old.sent(), "no STOP echoed back");

        child(0).die(exited(0));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(exited(0))), sup().outcome());
    }

    @Test
    void stopFromTheOldBatonBeforeReady() throws Exception {
        start();
        deliver("STOP");
        assertEquals(List.of("TERM 1001"), signalsTo(CHILD));
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.TERM))), sup().outcome());
        assertEquals(List.of(HELLO), old.sent(), "no FAIL, no READY when told to stop");
    }

    @Test
    void termToTheNewBatonSendsStopToTheOld() throws Exception {
        startNewReady();
        signal(Signal.TERM);
        assertEquals(List.of(HELLO, READY, "STOP"), old.sent());
        assertEquals(List.of("TERM 1001"), signalsTo(CHILD));

        signal(Signal.INT);
        assertEquals(List.of(HELLO, READY, "STOP"), old.sent(), "STOP is sent once");
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(Optional.of(new Outcome.Relay(killedBy(Signal.TERM))), sup().outcome());
    }

    @Test
    void intToTheNewBatonBeforeReadySendsStop() throws Exception {
        start();
        signal(Signal.INT);
        assertEquals(List.of(HELLO, "STOP"), old.sent());
        assertEquals(List.of("TERM 1001"), signalsTo(CHILD));
    }

    // ---- the new generation fails ----

    @Test
    void childExitingBeforeHealthySendsFail() throws Exception {
        start();
        child(0).exit(exited(4));
        drain();
        assertEquals(List.of(HELLO, "FAIL new child exited with code 4 before it was healthy"), old.sent());
        assertEquals(Optional.empty(), sup().outcome(), "its group is still there");

        child(0).emptyGroup();
        drain();
        assertEquals(Optional.of(new Outcome.Relay(exited(4))), sup().outcome());
    }

    @Test
    void neverHealthySendsFailAndKillsTheChild() throws Exception {
        sup().start(reexec().upgradeTimeout(Duration.ofSeconds(45)).build());
        advance(Duration.ofMillis(44_999));
        assertEquals(List.of("HELLO pid=4242 version=1.2.3 timeout_ms=45000"), old.sent());
        assertEquals(List.of(), signalsTo(CHILD));

        advance(Duration.ofMillis(1));
        assertEquals(List.of("HELLO pid=4242 version=1.2.3 timeout_ms=45000", "FAIL new child not healthy within 45s"),
                old.sent());
        assertTrue(signalsTo(CHILD).contains("KILL 1001"), signalsTo(CHILD).toString());
        check(2).awaitClosed();
        assertTrue(check(2).interrupted);

        child(0).die(killedBy(Signal.KILL));
        drain();
        Outcome.Fail fail = assertInstanceOf(Outcome.Fail.class, sup().outcome().orElseThrow());
        assertEquals(ExitCodes.UNHEALTHY, fail.exitCode());
    }

    @Test
    void checkFailureSendsFailAndKillsTheChild() throws Exception {
        start();
        check(2).fail("HTTP 503");
        stepUntil(() -> old.sent().size() == 2);
        assertEquals(List.of(HELLO, "FAIL new child HTTP 503"), old.sent());
        assertTrue(signalsTo(CHILD).contains("KILL 1001"), signalsTo(CHILD).toString());
    }

    @Test
    void spawnFailureSendsFail() throws Exception {
        os.failNextSpawn("No such file or directory");
        start();
        assertEquals(List.of(HELLO, "FAIL cannot start spawned-command: No such file or directory"), old.sent());
        Outcome.Fail fail = assertInstanceOf(Outcome.Fail.class, sup().outcome().orElseThrow());
        assertEquals(ExitCodes.SPAWN_FAILED, fail.exitCode());
    }

    /** README: FAIL tells the old baton why the new generation failed, so that it can log the reason. */
    @Test
    void pidfileWriteFailureSendsFailInsteadOfReady() throws Exception {
        pidfile = tmp.resolve("missing-dir").resolve("baton.pid");
        start();
        check(2).pass();
        stepUntil(() -> sup().outcome().isPresent() || !signalsTo(CHILD).isEmpty());
        assertEquals(List.of("TERM 1001", "KILL 1001"), signalsTo(CHILD), "a child that never served goes at once");
        assertFalse(old.sent().contains(READY), "no READY without the pidfile");
        assertEquals(2, old.sent().size(), "HELLO then FAIL: " + old.sent());
        assertTrue(old.sent().get(1).startsWith("FAIL cannot write pidfile "), old.sent().get(1));
    }

    // ---- robustness ----

    @Test
    void malformedAndUnknownLinesAreIgnored() throws Exception {
        relaunch = Optional.of(RELAUNCH);
        startNewReady();
        deliver("ack");
        deliver("ACKNOWLEDGED");
        deliver(" ACK");
        deliver("");
        deliver("HELLO pid=1");
        deliver("READY pid=x child=y generation=z");
        deliver("UPGRADE-ME");
        deliver("STOPPED");
        deliver("\u0000garbage");
        assertEquals(List.of(), signalsTo(CHILD));
        assertEquals(List.of(HELLO, READY), old.sent());
        assertEquals(List.of(SPAWNED), os.calls());
        assertEquals(Optional.empty(), sup().outcome());

        // none of them counted as ACK: end of file now means the handover was lost
        eof();
        assertEquals(List.of("TERM 1001"), signalsTo(CHILD));
        child(0).die(killedBy(Signal.TERM));
        drain();
        Outcome.Fail fail = assertInstanceOf(Outcome.Fail.class, sup().outcome().orElseThrow());
        assertEquals(ExitCodes.HANDOVER_LOST, fail.exitCode());
    }
}
