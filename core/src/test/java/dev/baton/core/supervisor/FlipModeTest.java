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

    private static FlipMode.Choice choose(UpgradeMode mode, boolean forced, int draining, boolean launcher,
            boolean pid1, BatonChange change) {
        return FlipMode.choose(mode, forced, draining, launcher, pid1, change);
    }

    @Test
    void autoFlipsInPlaceWhileBatonIsUnchangedAndSaysSo() {
        assertEquals(new FlipMode.Choice(IN_PLACE, "in place: baton unchanged"),
                choose(UpgradeMode.AUTO, false, 0, true, false, SAME));
    }

    @Test
    void autoReexecsWhenBatonChangedAndTheReasonIsTheChange() {
        assertEquals(new FlipMode.Choice(REEXEC, "the baton jar changed (/opt/b/lib/baton.jar)"),
                choose(UpgradeMode.AUTO, false, 0, true, false, JAR));
    }

    @Test
    void autoStaysInPlaceWhileOldGenerationsDrainAndSaysTheNextFlipReexecs() {
        FlipMode.Choice c = choose(UpgradeMode.AUTO, false, 2, true, false, JAR);
        assertEquals(IN_PLACE, c.kind());
        assertTrue(c.why().contains("2 old generations are still draining; the first flip without one re-execs"), c.why());
    }

    @Test
    void autoWithoutTheLauncherIsInPlace() {
        assertEquals(IN_PLACE, choose(UpgradeMode.AUTO, false, 0, false, false, JAR).kind());
    }

    @Test
    void explicitModesAreObeyedWhateverChanged() {
        assertEquals(new FlipMode.Choice(REEXEC, "upgrade.mode: reexec"), choose(UpgradeMode.REEXEC, false, 0, true, false, SAME));
        assertEquals(new FlipMode.Choice(IN_PLACE, "upgrade.mode: inplace"), choose(UpgradeMode.INPLACE, false, 0, true, false, JAR));
    }

    @Test
    void forcedReexecIsAReexecInEveryMode() {
        for (UpgradeMode m : UpgradeMode.values()) {
            assertEquals(new FlipMode.Choice(REEXEC, "baton upgrade --reexec"), choose(m, true, 0, true, false, SAME), m.name());
        }
    }

    @Test
    void forcedReexecIsRefusedAsPid1WithoutTheLauncherAndWhileGenerationsDrain() {
        assertEquals(REFUSED, choose(UpgradeMode.INPLACE, true, 0, true, true, SAME).kind());
        assertEquals(REFUSED, choose(UpgradeMode.AUTO, true, 0, false, false, SAME).kind());
        FlipMode.Choice draining = choose(UpgradeMode.AUTO, true, 1, true, false, SAME);
        assertEquals(REFUSED, draining.kind());
        assertTrue(draining.why().contains("1 old generation is still draining"), draining.why());
    }
}
