package dev.baton.core.supervisor;

import dev.baton.core.os.FdLayout;
import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.UpgradeMode;
import dev.baton.core.handover.HandoverEnv;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Relaunch;
import dev.baton.core.listen.HeldListeners;
import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenerConfig;
import dev.baton.core.listen.ListenerProtocol;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.Signal;
import dev.baton.core.os.SpawnSpec;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The supervisor and the sockets it holds: fds and variables each child gets, sockets opened and
 * closed across in-place and re-exec flips, and listen failures at start and at a flip.
 */
class SupervisorListenersTest extends SupervisorHarness {
    private static final Relaunch RELAUNCH = new Relaunch(Path.of("/opt/baton/bin/baton"),
            List.of("run", "-c", "app.yaml"), Path.of("/srv"));
    private static final String WEB_ADDRESS = "tcp://127.0.0.1:8080";

    private HandoverSetup setup = HandoverSetup.NONE;
    private HeldListeners held;
    private Supervisor supervisor;

    @Override
    Supervisor sup() {
        if (supervisor == null) {
            if (held == null) {
                held = new HeldListeners(os);
            }
            supervisor = new Supervisor(os, configs, clock, environment, listener, setup, held);
        }
        return supervisor;
    }

    // ---- helpers ----

    private static ListenerConfig tcp(String name, String host, int port) {
        try {
            return new ListenerConfig(name, new ListenAddress.Tcp(InetAddress.getByName(host), port),
                    ListenerConfig.DEFAULT_BACKLOG, Optional.empty(), Optional.empty(), Optional.empty(), false);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static ListenerConfig unix(String name, Path path) {
        return new ListenerConfig(name, new ListenAddress.Unix(path), ListenerConfig.DEFAULT_BACKLOG,
                Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    private ListenerConfig web() {
        return tcp("web", "127.0.0.1", 8080);
    }

    private Path adminPath() {
        return tmp.resolve("admin.sock");
    }

    private ListenerConfig admin() {
        return unix("admin", adminPath());
    }

    private static BatonConfig with(TestConfig t, ListenerProtocol protocol, ListenerConfig... listeners) {
        BatonConfig c = t.build();
        return new BatonConfig(c.source(), c.generation(), c.command(), c.workdir(), c.env(), c.user(), c.group(),
                c.identity(), c.pidfile(), c.alternate(), c.upgrade(), c.shutdown(), c.healthcheck(), c.log(),
                List.of(listeners), protocol);
    }

    private BatonConfig gen(long generation, ListenerConfig... listeners) {
        return with(cfg(generation), ListenerProtocol.SYSTEMD, listeners);
    }

    private void startReady(BatonConfig first) throws InterruptedException {
        sup().start(first);
        check(first.generation()).pass();
        stepUntil(sup()::ready);
    }

    private SpawnSpec spec(int index) {
        return os.specs().get(index);
    }

    private List<String> closes() {
        return os.calls().stream().filter(c -> c.startsWith("close ")).toList();
    }

    private List<String> listens() {
        return os.calls().stream().filter(c -> c.startsWith("listen")).toList();
    }

    /** Stands in for bind: FakeOs creates no files. */
    private Path socketFile(Path p) throws Exception {
        return Files.exists(p) ? p : Files.createFile(p);
    }

    // ---- what the child gets ----

    @Test
    void systemdProtocolPassesFdsInConfigOrderWithListenVariables() throws Exception {
        startReady(gen(1, web(), admin()));

        assertEquals(List.of("listen " + WEB_ADDRESS + " 100", "listen unix://" + adminPath() + " 101",
                "spawn v1 1001"), os.calls(), "sockets are opened before the child is spawned");
        SpawnSpec s = spec(0);
        assertEquals(List.of(100, 101), s.passFds());
        assertEquals("2", s.env().get("LISTEN_FDS"));
        assertEquals("web:admin", s.env().get("LISTEN_FDNAMES"));
        assertEquals(List.of("LISTEN_PID"), s.pidEnv());
        assertFalse(s.env().containsKey("LISTEN_PID"), "set by the spawn wrapper to the child's own pid");
        assertFalse(s.env().containsKey("SERVER_STARTER_PORT"));
        assertFalse(s.env().containsKey("SERVER_STARTER_GENERATION"));
        assertTrue(s.dieWithParent(), "pidEnv needs the wrapper");
    }

    @Test
    void withoutListenersNothingIsPassedAndBatonsOwnListenVariablesAreNotInherited() throws Exception {
        startReady(gen(1));
        SpawnSpec s = spec(0);
        assertEquals(List.of(), s.passFds());
        assertEquals(List.of(), s.pidEnv());
        assertFalse(s.env().containsKey("LISTEN_FDS"), "baton's own LISTEN_FDS=2 is not for the child");
        assertFalse(s.env().containsKey("LISTEN_FDNAMES"));
        assertFalse(s.env().containsKey("SERVER_STARTER_PORT"));
        assertEquals(List.of("spawn v1 1001"), os.calls());
    }

    @Test
    void serverStarterProtocol() throws Exception {
        startReady(with(cfg(1), ListenerProtocol.SERVER_STARTER, web(), admin()));

        SpawnSpec s = spec(0);
        assertEquals(List.of(100, 101), s.passFds());
        assertEquals("127.0.0.1:8080=3;" + adminPath() + "=4", s.env().get("SERVER_STARTER_PORT"));
        assertEquals("1", s.env().get("SERVER_STARTER_GENERATION"));
        assertFalse(s.env().containsKey("LISTEN_FDS"));
        assertFalse(s.env().containsKey("LISTEN_FDNAMES"));
        assertEquals(List.of(), s.pidEnv());
    }

    @Test
    void serverStarterWritesIpv6InBrackets() throws Exception {
        startReady(with(cfg(1), ListenerProtocol.SERVER_STARTER, tcp("v6", "::", 8080), tcp("lo6", "::1", 8081)));
        assertEquals("[::]:8080=3;[::1]:8081=4", spec(0).env().get("SERVER_STARTER_PORT"));
    }

    @Test
    void bothProtocols() throws Exception {
        startReady(with(cfg(1), ListenerProtocol.BOTH, web(), admin()));

        SpawnSpec s = spec(0);
        assertEquals(List.of(100, 101), s.passFds());
        assertEquals("2", s.env().get("LISTEN_FDS"));
        assertEquals("web:admin", s.env().get("LISTEN_FDNAMES"));
        assertEquals(List.of("LISTEN_PID"), s.pidEnv());
        assertEquals("127.0.0.1:8080=3;" + adminPath() + "=4", s.env().get("SERVER_STARTER_PORT"));
        assertEquals("1", s.env().get("SERVER_STARTER_GENERATION"));
    }

    @Test
    void serverStarterGenerationFollowsTheGeneration() throws Exception {
        configs.then(with(cfg(2), ListenerProtocol.SERVER_STARTER, web()));
        startReady(with(cfg(1), ListenerProtocol.SERVER_STARTER, web()));
        signal(Signal.HUP);
        assertEquals("2", spec(1).env().get("SERVER_STARTER_GENERATION"));
        assertEquals("127.0.0.1:8080=3", spec(1).env().get("SERVER_STARTER_PORT"));
        assertEquals(List.of(100), spec(1).passFds());
    }

    // ---- in-place flips ----

    @Test
    void inPlaceFlipAddingAListenerOpensItOnceAndPassesOldAndNew() throws Exception {
        configs.then(gen(2, web(), admin())).then(gen(3, admin(), web()));
        startReady(gen(1, web()));

        signal(Signal.HUP);
        assertEquals(List.of("listen " + WEB_ADDRESS + " 100", "spawn v1 1001",
                "listen unix://" + adminPath() + " 101", "spawn v2 1002"), os.calls());
        assertEquals(List.of(100, 101), spec(1).passFds());
        assertEquals("2", spec(1).env().get("LISTEN_FDS"));
        assertEquals("web:admin", spec(1).env().get("LISTEN_FDNAMES"));

        passCandidate(2);
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(List.of(), closes(), "both sockets are still in use");

        signal(Signal.HUP);
        assertEquals(2, listens().size(), "generation 3 reuses both, in its own order");
        assertEquals(List.of(101, 100), spec(2).passFds());
        assertEquals("admin:web", spec(2).env().get("LISTEN_FDNAMES"));
    }

    @Test
    void failedFlipClosesTheNewSocketAndKeepsTheOldOne() throws Exception {
        Path file = adminPath();
        configs.then(gen(2, web(), admin())).then(gen(3, web(), admin()));
        startReady(gen(1, web()));
        signal(Signal.HUP);
        socketFile(file);

        child(1).exit(exited(3));
        drain();
        assertEquals(List.of("close 101"), closes(), "the socket the failed generation opened, not web's");
        assertTrue(os.calls().indexOf("KILL 1002") < os.calls().indexOf("close 101"));
        assertFalse(Files.exists(file), "its unix file is removed");
        child(1).emptyGroup();
        drain();
        assertEquals("flipEnded 2 new child exited with code 3 before it was healthy",
                listener.events().get(listener.events().size() - 1));
        assertEquals(1, sup().current().number);
        assertFalse(os.calls().contains("TERM 1001"), "the old generation is untouched");

        signal(Signal.HUP);
        assertEquals("listen unix://" + file + " 102", listens().get(listens().size() - 1),
                "the next flip opens it again");
        assertEquals(List.of(100, 102), spec(2).passFds());
    }

    @Test
    void unhealthyCandidateAlsoGivesBackItsNewSocket() throws Exception {
        configs.then(gen(2, web(), admin()));
        startReady(gen(1, web()));
        signal(Signal.HUP);

        check(2).fail("connection refused");
        stepUntil(() -> os.calls().contains("close 101"));
        assertEquals(List.of("close 101"), closes());
    }

    @Test
    void spawnFailureAtAFlipClosesTheNewSocket() throws Exception {
        configs.then(gen(2, web(), admin()));
        startReady(gen(1, web()));
        os.failNextSpawn("no such file");
        signal(Signal.HUP);

        assertEquals(List.of("listen " + WEB_ADDRESS + " 100", "spawn v1 1001",
                "listen unix://" + adminPath() + " 101", "spawn-failed v2", "close 101"), os.calls());
        assertNull(sup().candidate());
        assertEquals(1, sup().current().number);
    }

    @Test
    void successfulFlipRemovingAListenerClosesItAtTakeoverAndRemovesItsFileOnceTheOldIsGone() throws Exception {
        Path file = adminPath();
        configs.then(gen(2, web()));
        startReady(gen(1, web(), admin()));
        socketFile(file);

        signal(Signal.HUP);
        assertEquals(List.of(100), spec(1).passFds());
        assertEquals("1", spec(1).env().get("LISTEN_FDS"));
        assertEquals(List.of(), closes(), "kept while the new generation is only a candidate");

        passCandidate(2);
        assertEquals(List.of("close 101"), closes());
        assertTrue(Files.exists(file), "the old child may still serve on it");

        child(0).die(killedBy(Signal.TERM));
        drain();
        assertFalse(Files.exists(file), "removed once the old generation is gone");
        assertEquals(List.of("close 101"), closes());
    }

    @Test
    void flipChangingOnlyTheNameKeepsTheSocket() throws Exception {
        configs.then(gen(2, tcp("http", "127.0.0.1", 8080)));
        startReady(gen(1, web()));
        signal(Signal.HUP);
        passCandidate(2);
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(1, listens().size());
        assertEquals(List.of(), closes());
        assertEquals("http", spec(1).env().get("LISTEN_FDNAMES"));
    }

    // ---- listen failures ----

    @Test
    void listenFailureAtStartIsExit74() throws Exception {
        String reason = "cannot listen on tcp://127.0.0.1:80: permission denied";
        os.failListen("tcp://127.0.0.1:80", reason);

        sup().start(gen(1, admin(), tcp("web", "127.0.0.1", 80)));

        assertEquals(Optional.of(new Outcome.Fail(74, reason)), sup().outcome());
        assertEquals(List.of("listen unix://" + adminPath() + " 100", "listen-failed tcp://127.0.0.1:80", "close 100"),
                os.calls(), "nothing is spawned; what was opened is closed");
    }

    @Test
    void listenFailureAtAFlipLeavesTheOldGenerationUntouched() throws Exception {
        String reason = "cannot listen on tcp://127.0.0.1:9000: address already in use";
        os.failListen("tcp://127.0.0.1:9000", reason);
        configs.then(gen(2, web(), admin(), tcp("metrics", "127.0.0.1", 9000)));
        startReady(gen(1, web()));

        signal(Signal.HUP);

        assertEquals(List.of("listen " + WEB_ADDRESS + " 100", "spawn v1 1001",
                "listen unix://" + adminPath() + " 101", "listen-failed tcp://127.0.0.1:9000", "close 101"),
                os.calls(), "no child is spawned, web stays open, the old child is not signalled");
        assertEquals(List.of("configApplied v1", "ready 1 1001", "flipStarted 2", "flipEnded 2 " + reason),
                listener.events());
        assertNull(sup().candidate());
        assertEquals(1, sup().current().number);
        assertEquals(Optional.empty(), sup().outcome());

        // a later flip with a working config goes ahead on the same socket
        configs.then(gen(2, web()));
        signal(Signal.HUP);
        assertEquals("spawn v2 1002", os.calls().get(os.calls().size() - 1));
        assertEquals(List.of(100), spec(1).passFds());
    }

    // ---- stopping ----

    @Test
    void finallyStoppingRemovesOwnedSocketFiles() throws Exception {
        Path file = adminPath();
        os.childrenDieOn(Signal.TERM);
        startReady(gen(1, web(), admin()));
        socketFile(file);

        signal(Signal.TERM);
        assertTrue(sup().outcome().isPresent());
        assertTrue(Files.exists(file), "nothing is removed before finish");
        sup().finish();
        assertFalse(Files.exists(file));
    }

    // ---- re-exec flips, the old baton's side ----

    @Test
    void reexecFlipPassesEveryHeldSocketToTheNewBaton() throws Exception {
        Path file = adminPath();
        setup = new HandoverSetup(Optional.of(RELAUNCH), Optional.empty(), "1.2.3");
        startReady(with(cfg(1).mode(UpgradeMode.REEXEC), ListenerProtocol.SYSTEMD, web(), admin()));
        socketFile(file);

        signal(Signal.HUP);

        assertEquals(List.of(List.of(100, 101)), os.newBatonFds());
        SpawnSpec s = spec(1);
        assertEquals(WEB_ADDRESS + ";unix://" + file, s.env().get(HandoverEnv.LISTENERS));
        assertEquals(Map.of(5, 100, 6, 101), s.fds(), "the held listeners from fd 5, no control socket here");

        FakeLineChannel ch = os.newBatonChannel(0);
        ch.deliver("READY pid=1002 child=2001 generation=2");
        drain();
        assertEquals(List.of("ACK"), ch.sent());
        child(0).die(killedBy(Signal.TERM));
        drain();
        assertEquals(Optional.of(new Outcome.HandedOver()), sup().outcome());

        sup().finish();
        assertEquals(List.of(), closes());
        assertTrue(Files.exists(file), "the new baton holds the socket now, file included");
    }

    @Test
    void failedReexecFlipKeepsEverySocket() throws Exception {
        setup = new HandoverSetup(Optional.of(RELAUNCH), Optional.empty(), "1.2.3");
        startReady(with(cfg(1).mode(UpgradeMode.REEXEC), ListenerProtocol.SYSTEMD, web(), admin()));
        signal(Signal.HUP);

        os.byPid(1002).die(exited(1));
        drain();
        assertEquals(List.of(), closes());
        signal(Signal.HUP);
        assertEquals(List.of(List.of(100, 101), List.of(100, 101)), os.newBatonFds());
    }

    @Test
    void reexecWithoutListenersSetsNoBatonListeners() throws Exception {
        setup = new HandoverSetup(Optional.of(RELAUNCH), Optional.empty(), "1.2.3");
        startReady(with(cfg(1).mode(UpgradeMode.REEXEC), ListenerProtocol.SYSTEMD));
        signal(Signal.HUP);
        assertEquals(List.of(List.of()), os.newBatonFds());
        assertFalse(spec(1).env().containsKey(HandoverEnv.LISTENERS));
    }

    // ---- re-exec flips, the new baton's side ----

    private FakeLineChannel newBaton(String inherited) {
        FakeLineChannel old = new FakeLineChannel();
        setup = new HandoverSetup(Optional.empty(), Optional.of(old), "1.2.3");
        held = new HeldListeners(os);
        String[] parts = inherited.split(";");
        for (int i = 0; i < parts.length; i++) {
            os.socketAt(FdLayout.inheritedListener(i), parts[i].split("#")[0]);
        }
        try {
            held.adoptFromOldBaton(inherited);
        } catch (ListenException e) {
            throw new AssertionError(e);
        }
        return old;
    }

    @Test
    void newBatonPassesInheritedSocketsWithoutListening() throws Exception {
        newBaton(WEB_ADDRESS + "#external;unix://" + adminPath());
        startReady(gen(2, admin(), web()));
        assertEquals(List.of("spawn v2 1001"), os.calls());
        assertEquals(List.of(6, 5), spec(0).passFds());
        assertEquals("admin:web", spec(0).env().get("LISTEN_FDNAMES"));
    }

    @Test
    void newBatonThatNeverTookOverClosesOnlyWhatItOpened() throws Exception {
        Path inheritedFile = socketFile(adminPath());
        Path newFile = tmp.resolve("new.sock");
        newBaton(WEB_ADDRESS + "#external;unix://" + inheritedFile);
        sup().start(gen(2, web(), admin(), unix("extra", newFile)));
        socketFile(newFile);
        assertEquals(List.of(5, 6, 100), spec(0).passFds());

        child(0).exit(exited(1));
        drain();
        child(0).emptyGroup();
        drain();
        assertTrue(sup().outcome().isPresent());
        sup().finish();

        assertEquals(List.of("close 100"), closes(), "the inherited sockets stay with the old baton's generation");
        assertFalse(Files.exists(newFile));
        assertTrue(Files.exists(inheritedFile), "the old baton's socket file is left alone");
    }

    @Test
    void newBatonClosesWhatItsConfigDroppedOnceTheOldBatonIsGone() throws Exception {
        Path file = socketFile(adminPath());
        FakeLineChannel old = newBaton(WEB_ADDRESS + "#external;unix://" + file);
        startReady(gen(2, web()));
        assertEquals(List.of(5), spec(0).passFds());

        old.deliver("ACK");
        drain();
        assertEquals(List.of(), closes(), "the old baton's child may still use it");
        old.eof();
        drain();
        assertEquals(List.of("close 6"), closes());
        assertFalse(Files.exists(file));
    }

    @Test
    void newBatonThatCannotListenTellsTheOldBatonAndExits74() throws Exception {
        String reason = "cannot listen on tcp://127.0.0.1:9000: address already in use";
        os.failListen("tcp://127.0.0.1:9000", reason);
        FakeLineChannel old = newBaton(WEB_ADDRESS + "#external");

        sup().start(gen(2, web(), tcp("metrics", "127.0.0.1", 9000)));

        assertEquals(List.of("HELLO pid=4242 version=1.2.3 timeout_ms=60000", "FAIL " + reason), old.sent());
        assertEquals(Optional.of(new Outcome.Fail(74, reason)), sup().outcome());
        assertEquals(List.of("listen-failed tcp://127.0.0.1:9000"), os.calls(), "the inherited socket is untouched");
    }
}
