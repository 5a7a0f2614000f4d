package dev.baton.core.os.linux;

import dev.baton.core.os.linux.FdPlan.Action;
import dev.baton.core.os.linux.FdPlan.Close;
import dev.baton.core.os.linux.FdPlan.CloseFrom;
import dev.baton.core.os.linux.FdPlan.Dup2;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;
import org.quicktheories.impl.Constraint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

/**
 * The fd plan, run against a model of a process's fd table: the child must end up with exactly
 * its layout, none of it close-on-exec, and no fd above the highest one involved plus one.
 */
class FdPlanTest {

    // ---- fixed cases ----

    @Test
    void aSwapGoesThroughOneTemporaryFdJustAboveTheTargets() {
        assertEquals(List.of(new Dup2(4, 5), new Dup2(3, 4), new Dup2(5, 3), new CloseFrom(5)),
                FdPlan.of(layout(3, 4, 4, 3)));
    }

    @Test
    void anFdAlreadyInPlaceIsStillDup2edToClearCloseOnExec() {
        assertEquals(List.of(new Dup2(3, 3), new CloseFrom(4)), FdPlan.of(layout(3, 3)));
    }

    @Test
    void aGapBelowTheLastTargetIsClosed() {
        assertEquals(List.of(new Dup2(10, 3), new Dup2(11, 5), new Close(4), new CloseFrom(6)),
                FdPlan.of(layout(3, 10, 5, 11)));
    }

    @Test
    void noLayoutClosesEverythingFrom3() {
        assertEquals(List.of(new CloseFrom(3)), FdPlan.of(new TreeMap<>()));
    }

    @Test
    void aChainIsDoneFromItsFreeEndWithoutATemporaryFd() {
        // 3 <- 4 <- 5 <- 6: 5 must move to 4 only after 4 moved to 3
        assertEquals(List.of(new Dup2(4, 3), new Dup2(5, 4), new Dup2(6, 5), new CloseFrom(6)),
                FdPlan.of(layout(3, 4, 4, 5, 5, 6)));
    }

    @Test
    void theTemporaryFdSkipsSources() {
        // a 3-cycle among 3..5, and 7 -> 6, 8 -> 7: the last target is 7, but 8 is a source, so the temp is 9
        SortedMap<Integer, Integer> layout = layout(3, 4, 4, 5, 5, 3, 6, 7, 7, 8);
        List<Action> plan = FdPlan.of(layout);
        assertTrue(plan.contains(new Dup2(4, 9)), plan.toString());
        run(layout, plan);
    }

    /** The reported failure: 600 listeners at the default limit of 1024 needed fds up to ~1600. */
    @Test
    void sixHundredListenersFitUnderAThousandAndTwentyFourFds() {
        SortedMap<Integer, Integer> layout = new TreeMap<>();
        for (int i = 0; i < 600; i++) {
            layout.put(3 + i, 400 + i); // baton's listeners sit above its own ~400 JVM fds
        }
        List<Action> plan = FdPlan.of(layout);
        assertTrue(highest(plan) < 1024, "highest fd used: " + highest(plan));
        run(layout, plan);
    }

    @Test
    void aNewBatonsLayoutWithoutAControlFd() {
        // handover socket at 3, no control fd at 4, listeners from 5; the handover pair's far end
        // happened to get fd 5
        SortedMap<Integer, Integer> layout = layout(3, 5, 5, 3, 6, 4);
        run(layout, FdPlan.of(layout));
        assertTrue(FdPlan.of(layout).contains(new Close(4)));
    }

    // ---- properties (QuickTheories: a failure prints the smallest layout found and the seed) ----

    @Test
    void theChildGetsExactlyItsLayout() {
        qt().withExamples(300).withShrinkCycles(200).forAll(layouts()).checkAssert(layout -> run(layout, FdPlan.of(layout)));
    }

    @Test
    void noFdAboveTheHighestInvolvedPlusOne() {
        qt().withExamples(300).withShrinkCycles(200).forAll(layouts()).checkAssert(layout -> {
            int max = 2;
            for (Map.Entry<Integer, Integer> e : layout.entrySet()) {
                max = Math.max(max, Math.max(e.getKey(), e.getValue()));
            }
            List<Action> plan = FdPlan.of(layout);
            assertTrue(highest(plan) <= max + 1, "highest " + highest(plan) + " > " + (max + 1) + " for " + layout);
        });
    }

    @Test
    void oneDup2PerFdAndOneMorePerCycle() {
        qt().withExamples(300).withShrinkCycles(200).forAll(distinctSources()).checkAssert(layout -> {
            long dup2s = FdPlan.of(layout).stream().filter(a -> a instanceof Dup2).count();
            assertEquals(layout.size() + cycles(layout), dup2s, layout.toString());
        });
    }

    /**
     * Up to 700 fds from 3 up (4 left out now and then, as a new baton without a control fd has
     * it), each from a distinct baton fd of 0..n+40 in random order: chains, cycles, identities.
     */
    static Gen<SortedMap<Integer, Integer>> distinctSources() {
        return in -> {
            int n = draw(in, 0, 700);
            boolean gap = draw(in, 0, 1) == 1;
            List<Integer> pool = new ArrayList<>();
            for (int fd = 0; fd < n + 40; fd++) {
                pool.add(fd);
            }
            for (int i = pool.size() - 1; i > 0; i--) {
                java.util.Collections.swap(pool, i, draw(in, 0, i));
            }
            SortedMap<Integer, Integer> layout = new TreeMap<>();
            int target = 3;
            for (int i = 0; i < n; i++) {
                if (gap && target == 4) {
                    target++;
                }
                layout.put(target++, pool.get(i));
            }
            return layout;
        };
    }

    /** Small layouts where one baton fd may feed several child fds. */
    static Gen<SortedMap<Integer, Integer>> withRepeats() {
        return in -> {
            int n = draw(in, 0, 60);
            SortedMap<Integer, Integer> layout = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                layout.put(3 + i, draw(in, 0, n + 10));
            }
            return layout;
        };
    }

    static Gen<SortedMap<Integer, Integer>> layouts() {
        return Generate.oneOf(distinctSources(), withRepeats());
    }

    private static int draw(RandomnessSource in, int min, int max) {
        return (int) in.next(Constraint.between(min, max));
    }

    // ---- the model ----

    /** One open fd: which file it refers to and whether exec closes it. */
    private record Fd(String file, boolean cloexec) {
    }

    /**
     * A parent whose every source fd is open (close-on-exec for odd ones, as the JDK leaves some)
     * next to unrelated fds, runs the plan like posix_spawn, then execs.
     */
    private static void run(SortedMap<Integer, Integer> layout, List<Action> plan) {
        Map<Integer, Fd> table = new HashMap<>();
        for (int fd = 0; fd < 3; fd++) {
            table.put(fd, new Fd("stdio" + fd, false));
        }
        int top = Math.max(layout.isEmpty() ? 0 : layout.lastKey(), layout.values().stream().max(Integer::compare).orElse(0));
        for (int fd = 3; fd <= top + 5; fd += 3) {
            table.put(fd, new Fd("unrelated" + fd, false));
        }
        for (int source : layout.values()) {
            if (source >= 3) {
                table.put(source, new Fd("file" + source, source % 2 == 1));
            }
        }
        for (Action a : plan) {
            if (a instanceof Dup2 d) {
                Fd from = table.get(d.from());
                if (from == null) {
                    fail("dup2 from closed fd " + d.from() + " in " + plan);
                }
                // posix_spawn's dup2(fd, fd) clears FD_CLOEXEC (glibc >= 2.29), as dup2 to another fd does
                table.put(d.to(), new Fd(from.file(), false));
            } else if (a instanceof Close c) {
                table.remove(c.fd());
            } else if (a instanceof CloseFrom c) {
                table.keySet().removeIf(fd -> fd >= c.fd());
            }
        }
        table.values().removeIf(Fd::cloexec);
        Map<Integer, String> expected = new HashMap<>();
        for (int fd = 0; fd < 3; fd++) {
            expected.put(fd, "stdio" + fd);
        }
        layout.forEach((target, source) -> expected.put(target, source < 3 ? "stdio" + source : "file" + source));
        Map<Integer, String> actual = new HashMap<>();
        table.forEach((fd, f) -> actual.put(fd, f.file()));
        assertEquals(new TreeMap<>(expected), new TreeMap<>(actual), "the child's fds for " + layout + " via " + plan);
    }

    private static int highest(List<Action> plan) {
        int max = 0;
        for (Action a : plan) {
            if (a instanceof Dup2 d) {
                max = Math.max(max, Math.max(d.from(), d.to()));
            } else if (a instanceof Close c) {
                max = Math.max(max, c.fd());
            }
        }
        return max;
    }

    /** Cycles of two or more fds among the targets, each target pointing at its source. */
    private static int cycles(SortedMap<Integer, Integer> layout) {
        Set<Integer> seen = new HashSet<>();
        int cycles = 0;
        for (int start : layout.keySet()) {
            List<Integer> path = new ArrayList<>();
            Integer fd = start;
            while (fd != null && !seen.contains(fd) && layout.containsKey(fd)) {
                seen.add(fd);
                path.add(fd);
                int next = layout.get(fd);
                fd = next == fd ? null : next;
            }
            if (fd != null && path.contains(fd)) {
                cycles++;
            }
        }
        return cycles;
    }

    private static SortedMap<Integer, Integer> layout(int... targetSource) {
        SortedMap<Integer, Integer> m = new TreeMap<>();
        for (int i = 0; i < targetSource.length; i += 2) {
            m.put(targetSource[i], targetSource[i + 1]);
        }
        return m;
    }
}
