package dev.baton.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the scaling table words a cost that stays flat, grows linearly, or neither. */
class ScalingTest {
    private static final List<Integer> N = List.of(1, 10, 100);

    @Test
    void withinTheNoiseOfTheFirstValueIsFlat() {
        assertEquals("flat", Scaling.verdict(N, List.of(300.0, 290.0, 318.0), 0.10, 20, "ms"));
        assertEquals("flat", Scaling.verdict(N, List.of(61.7, 61.8, 63.2), 0.05, 2, "MB"));
    }

    @Test
    void onTheLineFromFirstToLastIsLinear() {
        assertEquals("linear, +2.00 ms per listener", Scaling.verdict(N, List.of(300.0, 318.0, 498.0), 0.10, 20, "ms"));
    }

    @Test
    void growthThatIsNeitherIsSaid() {
        assertEquals("not linear", Scaling.verdict(N, List.of(300.0, 450.0, 500.0), 0.10, 20, "ms"));
        assertEquals("not measured", Scaling.verdict(N, List.of(300.0, -1.0, 500.0), 0.10, 20, "ms"));
    }
}
