package dev.baton.bench;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProcsTest {
    @Test
    void freePortsForAHundredListenersAreDistinct() throws Exception {
        // a port found free and closed again can be the next one found: 100 listeners once got a duplicate
        for (int round = 0; round < 20; round++) {
            List<Integer> ports = Procs.freePorts(103);
            assertEquals(103, new HashSet<>(ports).size(), "duplicates in " + ports);
        }
    }
}
