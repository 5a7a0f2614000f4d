package dev.baton.core.supervisor;

import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PidfileLifecycleTest extends SupervisorHarness {

    private void runToExit(Path pidfile) throws Exception {
        startReady(cfg(1).pidfile(pidfile));
        assertEquals(FakeOs.OWN_PID, Pidfile.read(pidfile).orElseThrow());
    }

    private void stop() throws Exception {
        os.byPid(sup().current().pid()).die(exited(0));
        drain();
        assertTrue(sup().outcome().isPresent());
        sup().finish();
    }

    @Test
    void finishRemovesThePidfileWhenItHoldsOurPid() throws Exception {
        Path pidfile = tmp.resolve("baton.pid");
        runToExit(pidfile);
        stop();
        assertFalse(Files.exists(pidfile));
    }

    @Test
    void finishKeepsThePidfileWhenAnotherProcessOwnsIt() throws Exception {
        Path pidfile = tmp.resolve("baton.pid");
        runToExit(pidfile);
        Files.writeString(pidfile, "31337\n");
        stop();
        assertTrue(Files.exists(pidfile));
        assertEquals(31337, Pidfile.read(pidfile).orElseThrow());
    }

    @Test
    void flipToANewPidfilePathMovesThePidfile() throws Exception {
        Path a = tmp.resolve("a.pid");
        Path b = tmp.resolve("b.pid");
        configs.then(cfg(2).pidfile(b).build());
        runToExit(a);
        signal(Signal.HUP);
        assertTrue(Files.exists(a));
        assertFalse(Files.exists(b), "written only when the new child is healthy");

        passCandidate(2);
        assertFalse(Files.exists(a));
        assertEquals(FakeOs.OWN_PID, Pidfile.read(b).orElseThrow());
        child(0).die(killedBy(Signal.TERM));
        drain();
        stop();
        assertFalse(Files.exists(b));
    }

    @Test
    void pidfileWriteFailureAtTakeoverFailsTheCandidate() throws Exception {
        Path a = tmp.resolve("a.pid");
        configs.then(cfg(2).pidfile(tmp.resolve("no-such-dir/b.pid")).build());
        runToExit(a);
        signal(Signal.HUP);
        check(2).pass();
        stepUntil(() -> os.calls().size() == 3);

        assertEquals(java.util.List.of("spawn v1 1001", "spawn v2 1002", "KILL 1002"), os.calls());
        assertEquals(1, sup().current().number);
        child(1).die(killedBy(Signal.KILL));
        drain();
        assertTrue(listener.events().get(listener.events().size() - 1).startsWith("flipEnded 2 cannot write pidfile"));
        assertEquals(FakeOs.OWN_PID, Pidfile.read(a).orElseThrow(), "the old pidfile stays");
    }
}
