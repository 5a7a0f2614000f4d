package dev.baton.core.supervisor;

import dev.baton.core.config.UpgradeMode;
import dev.baton.core.control.UpgradeReply;
import dev.baton.core.handover.BatonChange;
import dev.baton.core.handover.HandoverSetup;
import dev.baton.core.handover.Message;
import dev.baton.core.handover.Relaunch;
import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code upgrade.mode: auto}: the loop asks {@link BatonChange} at each flip (here the test
 * answers) and flips in place while baton is unchanged, by a re-exec once it changed; {@code baton
 * upgrade --reexec} re-execs whatever the mode.
 */
class SupervisorAutoModeTest extends SupervisorHarness {
    private static final Relaunch RELAUNCH = new Relaunch(Path.of("/opt/baton/bin/baton"), List.of("run", "-c", "a.yaml"),
            Path.of("/srv"));
    private static final String IN_PLACE = "spawn v2 1002";
    private static final String NEW_BATON = "new-baton /opt/baton/bin/baton 1002";

    private Optional<String> changed = Optional.empty();
    private final List<String> answers = new CopyOnWriteArrayList<>();
    private Optional<Relaunch> relaunch = Optional.of(RELAUNCH);
    private Supervisor supervisor;

    @Override
    Supervisor sup() {
        if (supervisor == null) {
            supervisor = new Supervisor(os, configs, clock, environment, listener, new HandoverSetup(relaunch,
                    Optional.empty(), "1.2.3", -1, -1, Message.PROTOCOL, () -> changed));
        }
        return supervisor;
    }

    private UpgradeReply reply(boolean reexec) {
        return new UpgradeReply() {
            @Override
            public boolean reexec() {
                return reexec;
            }

            @Override
            public void busy(String why) {
                answers.add("busy " + why);
            }

            @Override
            public void failed(String reason) {
                answers.add("failed " + reason);
            }

            @Override
            public void succeeded(long generation, long batonPid, long childPid, long oldBatonPid) {
                answers.add("ok " + generation);
            }
        };
    }

    private void upgrade(boolean reexec) throws InterruptedException {
        sup().requestUpgrade(reply(reexec));
        drain();
    }

    @Test
    void anUnchangedBatonFlipsInPlace() throws Exception {
        startReady(cfg(1).mode(UpgradeMode.AUTO));
        signal(Signal.HUP);
        assertEquals(List.of("spawn v1 1001", IN_PLACE), os.calls());
        passCandidate(2);
        assertEquals(2, sup().current().number, "in place: this baton keeps serving");
    }

    @Test
    void aChangedBatonFlipsByReexec() throws Exception {
        startReady(cfg(1).mode(UpgradeMode.AUTO));
        changed = Optional.of("the baton jar changed (/opt/baton/lib/baton.jar)");
        signal(Signal.HUP);
        assertEquals(List.of("spawn v1 1001", NEW_BATON), os.calls());
    }

    @Test
    void theQuestionIsAskedAgainAtEachFlip() throws Exception {
        configs = new ScriptedConfigs(gen -> cfg(gen).mode(UpgradeMode.AUTO).build());
        startReady(cfg(1).mode(UpgradeMode.AUTO));
        signal(Signal.HUP);
        passCandidate(2);
        os.child(0).exit(killedBy(Signal.TERM));
        os.child(0).emptyGroup();
        drain();
        changed = Optional.of("the java changed (/usr/lib/jvm/x/bin/java)");
        signal(Signal.HUP);
        assertEquals(List.of("spawn v1 1001", IN_PLACE, "TERM 1001", "new-baton /opt/baton/bin/baton 1003"), os.calls());
    }

    @Test
    void upgradeReexecForcesAReexecOfAnUnchangedBaton() throws Exception {
        startReady(cfg(1).mode(UpgradeMode.AUTO));
        upgrade(true);
        assertEquals(List.of("spawn v1 1001", NEW_BATON), os.calls());
    }

    @Test
    void upgradeReexecOverridesModeInplaceToo() throws Exception {
        startReady(cfg(1).mode(UpgradeMode.INPLACE));
        upgrade(true);
        assertEquals(List.of("spawn v1 1001", NEW_BATON), os.calls());
    }

    @Test
    void upgradeReexecWithoutTheLauncherFailsAtOnceAndTheOldGenerationServesOn() throws Exception {
        relaunch = Optional.empty();
        startReady(cfg(1).mode(UpgradeMode.AUTO));
        upgrade(true);
        assertEquals(List.of("spawn v1 1001"), os.calls());
        assertEquals(List.of("failed baton upgrade --reexec: re-exec needs baton started through bin/baton "
                + "(BATON_LAUNCHER is not set)"), answers);
        assertEquals(1, sup().current().number);
    }

    @Test
    void withoutTheLauncherAutoFlipsInPlaceEvenIfBatonChanged() throws Exception {
        relaunch = Optional.empty();
        changed = Optional.of("the baton jar changed");
        startReady(cfg(1).mode(UpgradeMode.AUTO));
        signal(Signal.HUP);
        assertEquals(List.of("spawn v1 1001", IN_PLACE), os.calls());
    }
}
