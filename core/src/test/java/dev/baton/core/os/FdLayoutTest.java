package dev.baton.core.os;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which fd is what, for a child and for a new baton (README, "How a flip works"). */
class FdLayoutTest {

    @Test
    void aChildGetsItsListenersFromFd3InConfigOrder() {
        assertEquals(Map.of(3, 100, 4, 57, 5, 101), FdLayout.forChild(List.of(100, 57, 101)));
        assertEquals(Map.of(), FdLayout.forChild(List.of()));
        assertEquals(3, FdLayout.childListener(0));
        assertEquals(4, FdLayout.childListener(1));
    }

    @Test
    void aNewBatonGetsControlAt4AndTheListenersFrom5WithFd3LeftForTheHandover() {
        assertEquals(Map.of(4, 12, 5, 100, 6, 101), FdLayout.forNewBaton(12, List.of(100, 101)));
        assertEquals(Map.of(5, 100), FdLayout.forNewBaton(-1, List.of(100)), "no control socket: nothing at 4");
        assertEquals(3, FdLayout.HANDOVER);
        assertEquals(5, FdLayout.inheritedListener(0));
        assertEquals(6, FdLayout.inheritedListener(1));
    }

    @Test
    void theMetricsListenerComesAfterTheListenersSoThatAnOlderNewBatonStillFindsThem() {
        assertEquals(Map.of(4, 12, 5, 100, 6, 101, 7, 30), FdLayout.forNewBaton(12, List.of(100, 101), 30));
        assertEquals(Map.of(5, 30), FdLayout.forNewBaton(-1, List.of(), 30));
        assertEquals(Map.of(5, 100), FdLayout.forNewBaton(-1, List.of(100), -1), "no metrics listener");
        assertEquals(7, FdLayout.metricsForNewBaton(2));
    }

    @Test
    void socketActivationStartsAt3LikeSystemdSays() {
        assertEquals(3, FdLayout.activated(0));
        assertEquals(5, FdLayout.activated(2));
    }

    @Test
    void aSpawnSpecPassesTheFdsInTheOrderOfWhereTheyGo() {
        SpawnSpec spec = new SpawnSpec(Path.of("/bin/true"), List.of("true"), Map.of(),
                Path.of("/"), Identity.INHERIT, false, new TreeMap<>(Map.of(5, 101, 3, 100, 4, 57)), true);
        assertEquals(List.of(100, 57, 101), spec.passFds());
        assertEquals("3<-100 4<-57 5<-101", FdLayout.describe(spec.fds()));
    }
}
