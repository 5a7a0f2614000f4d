package dev.baton.core.supervisor;

import dev.baton.core.os.Identity;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupervisorStartTest extends SupervisorHarness {

    @Test
    void firstStartSpawnsWaitsForHealthAndWritesPidfile() throws Exception {
        Path pidfile = tmp.resolve("baton.pid");
        sup().start(cfg(1).pidfile(pidfile).env("APP_MODE", "blue").env("HOME", "/srv/home").build());

        assertEquals(List.of("spawn v1 1001"), os.calls());
        SpawnSpec spec = os.specs().get(0);
        assertEquals(Path.of("/opt/app/v1"), spec.program());
        assertEquals(List.of("v1", "--serve"), spec.argv());
        assertEquals(Path.of("/srv/app"), spec.workdir());
        assertEquals(Identity.INHERIT, spec.identity());
        assertTrue(spec.dieWithParent());
        assertEquals(List.of(), spec.passFds());
        // baton's own variables are stripped, the config's env wins, the check's prepare() is applied
        assertEquals(Map.of("PATH", "/usr/bin:/bin", "HOME", "/srv/home", "APP_MODE", "blue",
                GatedCheck.ENV, "1"), spec.env());
        assertEquals(1001, check(1).startedPid);

        assertFalse(sup().ready());
        assertFalse(Files.exists(pidfile), "pidfile is written only once the child is healthy");
        assertEquals(List.of("configApplied v1"), listener.events());
        assertEquals(1, sup().current().number);

        check(1).pass();
        stepUntil(sup()::ready);

        assertEquals(FakeOs.OWN_PID, Pidfile.read(pidfile).orElseThrow());
        assertEquals(List.of("configApplied v1", "ready 1 1001"), listener.events());
        assertEquals(List.of("spawn v1 1001"), os.calls());
        assertEquals(0, clock.pending(), "the health deadline is cancelled once healthy");
        assertEquals(Optional.empty(), sup().outcome());
        assertNull(sup().candidate());
    }

    @Test
    void upgradeSignalDuringStartIsQueuedAndFlipsRightAfterReady() throws Exception {
        sup().start(cfg(1).build());
        sup().signal(Signal.HUP);
        sup().signal(Signal.HUP);
        sup().signal(Signal.HUP);
        drain();

        assertEquals(List.of("spawn v1 1001"), os.calls());
        assertNull(sup().candidate());
        assertEquals(List.of(), configs.loaded());

        check(1).pass();
        stepUntil(sup()::ready);

        assertEquals(List.of("spawn v1 1001", "spawn v2 1002"), os.calls());
        assertEquals(2, sup().candidate().number);
        assertEquals(List.of(2L), configs.loaded());
        assertEquals(List.of("configApplied v1", "ready 1 1001", "flipStarted 2"), listener.events());

        passCandidate(2);
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(List.of("spawn v1 1001", "spawn v2 1002", "TERM 1001"), os.calls(),
                "three queued signals make exactly one flip");
        assertEquals("flipEnded 2 ok", listener.events().get(listener.events().size() - 1));
    }

    @Test
    void firstChildNeverHealthyIsStoppedGracefullyAndBatonFailsUnhealthy() throws Exception {
        Path pidfile = tmp.resolve("baton.pid");
        sup().start(cfg(1).upgradeTimeout(Duration.ofSeconds(5)).pidfile(pidfile).build());

        advance(Duration.ofMillis(4999));
        assertEquals(List.of("spawn v1 1001"), os.calls());

        advance(Duration.ofMillis(1));
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls());
        assertEquals(List.of("configApplied v1", "stopping"), listener.events());
        check(1).awaitClosed();
        assertTrue(check(1).interrupted, "the check is cancelled");
        assertEquals(Optional.empty(), sup().outcome(), "baton waits for the group to go");

        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(Optional.of(new Outcome.Fail(ExitCodes.UNHEALTHY, "child not healthy within 5s")),
                sup().outcome());
        assertFalse(Files.exists(pidfile));
    }

    @Test
    void firstChildIgnoringTermIsKilledAfterShutdownTimeout() throws Exception {
        sup().start(cfg(1).upgradeTimeout(Duration.ofSeconds(5)).stopTimeout(Duration.ofSeconds(2)).build());
        child(0).ignoreTerm();

        advance(Duration.ofSeconds(5));
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls());
        advance(Duration.ofMillis(1999));
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls());
        advance(Duration.ofMillis(1));
        assertEquals(List.of("spawn v1 1001", "TERM 1001", "KILL 1001"), os.calls());
        assertEquals(ExitCodes.UNHEALTHY, ((Outcome.Fail) sup().outcome().orElseThrow()).exitCode());
    }

    @Test
    void firstCheckFailingIsUnhealthyWithTheCheckReason() throws Exception {
        os.childrenDieOn(Signal.TERM);
        sup().start(cfg(1).build());
        check(1).fail("connection refused on :8080");
        stepUntil(() -> sup().outcome().isPresent());

        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls());
        assertEquals(new Outcome.Fail(ExitCodes.UNHEALTHY, "child connection refused on :8080"),
                sup().outcome().orElseThrow());
    }

    @Test
    void firstChildExitingBeforeHealthyIsRelayed() throws Exception {
        sup().start(cfg(1).build());
        child(0).exit(exited(4));
        drain();

        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls(), "what is left of the group is stopped");
        check(1).awaitClosed();
        assertEquals(Optional.empty(), sup().outcome());
        child(0).emptyGroup();
        drain();
        assertEquals(Optional.of(new Outcome.Relay(exited(4))), sup().outcome());
    }

    @Test
    void firstSpawnFailureFailsWithSpawnFailed() throws Exception {
        os.failNextSpawn("Permission denied");
        sup().start(cfg(1).build());

        assertEquals(Optional.of(new Outcome.Fail(ExitCodes.SPAWN_FAILED,
                "cannot start spawned-command: Permission denied")), sup().outcome());
        assertEquals(List.of("spawn-failed v1"), os.calls());
        assertTrue(check(1).isClosed(), "the check made for the child is closed");
        assertEquals(0, clock.pending());

        // signals arriving afterwards are ignored, not a crash
        sup().signal(Signal.HUP);
        sup().signal(Signal.TERM);
        sup().signal(Signal.USR1);
        drain();
        assertEquals(List.of("spawn-failed v1"), os.calls());
        sup().finish();
    }

    @Test
    void unwritablePidfileFailsCantCreateAfterStoppingTheChild() throws Exception {
        os.childrenDieOn(Signal.TERM);
        sup().start(cfg(1).pidfile(tmp.resolve("missing-dir/baton.pid")).build());
        check(1).pass();
        stepUntil(() -> sup().outcome().isPresent());

        assertFalse(sup().ready());
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls());
        assertEquals(ExitCodes.CANT_CREATE, ((Outcome.Fail) sup().outcome().orElseThrow()).exitCode());
    }
}
