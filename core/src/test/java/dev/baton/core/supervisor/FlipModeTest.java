package dev.baton.core.supervisor;

import dev.baton.core.config.UpgradeMode;
import dev.baton.core.handover.BatonChange;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.baton.core.supervisor.FlipMode.Kind.IN_PLACE;
import static dev.baton.core.supervisor.FlipMode.Kind.REEXEC;
import static dev.baton.core.supervisor.FlipMode.Kind.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The choice of flip, each rule as a scenario. */
class FlipModeTest {
    private static final BatonChange SAME = Optional::empty;
    private static final BatonChange JAR = () -> Optional.of("the baton jar changed (/opt/b/lib/baton.jar)");

    private static FlipMode.Choice choose(UpgradeMode mode, boolean forced, boolean launcher, boolean pid1,
            BatonChange change) {
        return FlipMode.choose(mode, forced, launcher, pid1, change);
    }

    @Test
    void autoFlipsInPlaceWhileBatonIsUnchangedAndSaysSo() {
        assertEquals(new FlipMode.Choice(IN_PLACE, "in place: baton unchanged"),
                choose(UpgradeMode.AUTO, false, true, false, SAME));
    }

    @Test
    void autoReexecsWhenBatonChangedAndTheReasonIsTheChange() {
        assertEquals(new FlipMode.Choice(REEXEC, "the baton jar changed (/opt/b/lib/baton.jar)"),
                choose(UpgradeMode.AUTO, false, true, false, JAR));
    }

    @Test
    void autoWithoutTheLauncherIsInPlace() {
        assertEquals(IN_PLACE, choose(UpgradeMode.AUTO, false, false, false, JAR).kind());
    }

    @Test
    void explicitModesAreObeyedWhateverChanged() {
        assertEquals(new FlipMode.Choice(REEXEC, "upgrade.mode: reexec"), choose(UpgradeMode.REEXEC, false, true, false, SAME));
        assertEquals(new FlipMode.Choice(IN_PLACE, "upgrade.mode: inplace"), choose(UpgradeMode.INPLACE, false, true, false, JAR));
    }

    @Test
    void forcedReexecIsAReexecInEveryMode() {
        for (UpgradeMode m : UpgradeMode.values()) {
            assertEquals(new FlipMode.Choice(REEXEC, "baton upgrade --reexec"), choose(m, true, true, false, SAME), m.name());
        }
    }

    @Test
    void forcedReexecIsRefusedAsPid1AndWithoutTheLauncher() {
        FlipMode.Choice pid1 = choose(UpgradeMode.INPLACE, true, true, true, SAME);
        assertEquals(REFUSED, pid1.kind());
        assertTrue(pid1.why().contains("baton is PID 1"), pid1.why());
        assertEquals(REFUSED, choose(UpgradeMode.AUTO, true, false, false, SAME).kind());
    }
}
