package dev.baton.core.supervisor;

import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SupervisorSignalTest extends SupervisorHarness {
    private static final List<String> FLIPPING = List.of("spawn v1 1001", "spawn v2 1002");

    @Test
    void usr1GoesToTheCurrentGroupOnlyWhenHupIsTheUpgradeSignal() throws Exception {
        startReady();
        signal(Signal.USR1);
        assertEquals(List.of("spawn v1 1001", "USR1 1001"), os.calls());

        signal(Signal.HUP);
        signal(Signal.USR1);
        signal(Signal.WINCH);
        assertEquals(List.of("spawn v1 1001", "USR1 1001", "spawn v2 1002", "USR1 1001", "WINCH 1001"), os.calls(),
                "never to the candidate");

        passCandidate(2);
        child(0).die(killedBy(Signal.TERM));
        drain();
        signal(Signal.USR1);
        assertEquals("USR1 1002", os.calls().get(os.calls().size() - 1), "after the flip, to the new child");
    }

    @Test
    void hupIsForwardedWhenTheUpgradeSignalIsUsr1() throws Exception {
        configs.then(cfg(2).upgradeSignal(Signal.USR1).build());
        startReady(cfg(1).upgradeSignal(Signal.USR1));
        signal(Signal.HUP);
        assertEquals(List.of("spawn v1 1001", "HUP 1001"), os.calls());
        assertNull(sup().candidate());

        signal(Signal.USR1);
        assertEquals(List.of("spawn v1 1001", "HUP 1001", "spawn v2 1002"), os.calls());
        assertEquals(2, sup().candidate().number);
    }

    @Test
    void aHangupOfTheTerminalStopsBatonInsteadOfFlipping() throws Exception {
        os.terminal = 0x8800; // /dev/pts/0
        startReady();
        os.terminal = 0; // the terminal hung up: the session has lost it
        signal(Signal.HUP);
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls(), "at once: the terminal is gone already");
        assertNull(sup().candidate(), "no flip");
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls());
        signal(Signal.HUP);
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls(), "stopping already");
    }

    @Test
    void aNewBatonThatGetsNoHupStopsWhenItsTerminalHangsUp() throws Exception {
        os.terminal = 0x8800;
        startReady();
        os.terminal = 0;
        os.terminalWatch.run(); // the watch's poll(2) saw POLLHUP
        drain();
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls());
    }

    @Test
    void aHupJustBeforeTheTerminalHangsUpStopsBaton() throws Exception {
        os.terminal = 0x8800;
        startReady();
        signal(Signal.HUP); // a terminal emulator's SIGHUP to its job, before it closes the terminal
        assertEquals(List.of("spawn v1 1001"), os.calls(), "judged later");
        os.terminal = 0;
        os.terminalWatch.run();
        drain();
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls());
        clock.advance(TerminalHangup.GRACE);
        drain();
        assertEquals(List.of("spawn v1 1001", "TERM 1001"), os.calls(), "the grace's end changes nothing");
    }

    @Test
    void aHupWhileTheTerminalStaysIsAnUpgradeAfterTheGrace() throws Exception {
        os.terminal = 0x8800;
        startReady();
        signal(Signal.HUP);
        assertEquals(List.of("spawn v1 1001"), os.calls());
        clock.advance(TerminalHangup.GRACE);
        drain();
        assertEquals(FLIPPING, os.calls());
    }

    @Test
    void underNohupAHangupIsIgnoredAndKillHupStillFlips() throws Exception {
        environment = environment.withHangupsIgnored();
        os.terminal = 0x8800;
        startReady();
        signal(Signal.HUP); // kill -HUP: the terminal stays
        clock.advance(TerminalHangup.GRACE);
        drain();
        assertEquals(FLIPPING, os.calls(), "a HUP with the terminal still there is an upgrade");

        os.terminal = 0;
        os.terminalWatch.run();
        drain();
        signal(Signal.HUP);
        assertEquals(FLIPPING, os.calls(), "the hangup and the SIGHUP after it: neither stopped nor flipped");
        assertNull(sup().outcome().orElse(null));
    }

    @Test
    void withoutATerminalEveryHupIsAnUpgrade() throws Exception {
        startReady(); // systemd, containers: no controlling terminal at start
        assertNull(os.terminalWatch, "no watch, no thread");
        signal(Signal.HUP);
        assertEquals(FLIPPING, os.calls());
    }

    @Test
    void tstpGoesToAllLiveGroupsThenStopsBaton() throws Exception {
        startReady();
        signal(Signal.HUP);

        signal(Signal.TSTP);
        assertEquals(plus(FLIPPING, "TSTP 1001", "TSTP 1002", "stopSelf"), os.calls());
        assertEquals(1, os.stopSelfCalls());

        signal(Signal.CONT);
        assertEquals(plus(FLIPPING, "TSTP 1001", "TSTP 1002", "stopSelf", "CONT 1001", "CONT 1002"), os.calls());
    }

    @Test
    void tstpAndContSkipGroupsThatAreGone() throws Exception {
        startReady();
        signal(Signal.HUP);
        child(1).exit(exited(1));
        drain();
        child(1).emptyGroup();
        drain();
        List<String> before = os.calls();
        assertEquals(plus(FLIPPING, "KILL 1002"), before);

        signal(Signal.TSTP);
        signal(Signal.CONT);
        assertEquals(plus(before, "TSTP 1001", "stopSelf", "CONT 1001"), os.calls());
    }

    @Test
    void contDuringRetirementReachesOldAndNew() throws Exception {
        startReady();
        signal(Signal.HUP);
        passCandidate(2);
        signal(Signal.CONT);
        assertEquals(plus(FLIPPING, "TERM 1001", "CONT 1002", "CONT 1001"), os.calls());
    }
}
