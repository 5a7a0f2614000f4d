package dev.baton.core.os.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The file actions that put baton's fds where a child expects them, as a pure function of the
 * layout (child fd to baton fd), so it can be tested without spawning anything.
 *
 * <p>Placing the fds is a parallel move: every {@code dup2(source, target)} must happen before
 * any other one overwrites {@code source}. So a move is done as soon as its target is no longer
 * needed as the source of a pending one. What remains then are cycles (3 and 4 swapped, say);
 * one source of a cycle goes to a single temporary fd, and the cycle unrolls from there. The
 * temporary fd is the lowest one above the last target that is not a source, so the child never
 * needs an fd above {@code max(sources, targets) + 1}: ~600 listeners fit under the default
 * limit of 1024, where staging every fd above all of them needed twice as many.
 *
 * <p>A move whose source already is its target is still a {@code dup2(fd, fd)}: since glibc
 * 2.29, posix_spawn's dup2 action with equal fds clears FD_CLOEXEC (a plain dup2 would not),
 * and the JDK opens some fds with it set. Then every fd from 3 up to the last target that is not
 * a target is closed, and everything above it.
 */
final class FdPlan {
    /** One posix_spawn file action. */
    sealed interface Action permits Dup2, Close, CloseFrom {
    }

    /** {@code posix_spawn_file_actions_adddup2(from, to)}. */
    record Dup2(int from, int to) implements Action {
    }

    /** {@code posix_spawn_file_actions_addclose(fd)}. */
    record Close(int fd) implements Action {
    }

    /** {@code posix_spawn_file_actions_addclosefrom_np(fd)}. */
    record CloseFrom(int fd) implements Action {
    }

    private FdPlan() {
    }

    /**
     * @param layout the child's fd (3 and up) to baton's fd (0 and up); a baton fd may feed several
     *     child fds
     */
    static List<Action> of(SortedMap<Integer, Integer> layout) {
        int top = layout.isEmpty() ? 2 : layout.lastKey();
        if (!layout.isEmpty() && layout.firstKey() < 3) {
            throw new IllegalArgumentException("child fds start at 3: " + layout);
        }
        List<Action> actions = new ArrayList<>();
        Set<Integer> allSources = new HashSet<>(layout.values());
        // pending: target -> source, and for each source how many pending moves still read it
        SortedMap<Integer, Integer> pending = new TreeMap<>();
        Map<Integer, Integer> readers = new HashMap<>();
        for (Map.Entry<Integer, Integer> e : layout.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("negative fd in " + layout);
            }
            if (e.getKey().equals(e.getValue())) {
                // nothing else writes here, so this fd keeps its file: only FD_CLOEXEC must go
                actions.add(new Dup2(e.getKey(), e.getKey()));
            } else {
                pending.put(e.getKey(), e.getValue());
                readers.merge(e.getValue(), 1, Integer::sum);
            }
        }
        while (!pending.isEmpty()) {
            Integer free = null;
            for (int target : pending.keySet()) {
                if (!readers.containsKey(target)) {
                    free = target;
                    break;
                }
            }
            if (free != null) {
                int source = pending.remove(free);
                actions.add(new Dup2(source, free));
                readers.computeIfPresent(source, (k, n) -> n == 1 ? null : n - 1);
                continue;
            }
            // only cycles are left: every pending target is read by exactly one pending move
            int source = pending.get(pending.firstKey());
            int temp = top + 1;
            while (allSources.contains(temp) || readers.containsKey(temp)) {
                temp++;
            }
            actions.add(new Dup2(source, temp));
            for (Map.Entry<Integer, Integer> e : pending.entrySet()) {
                if (e.getValue() == source) {
                    e.setValue(temp);
                }
            }
            readers.put(temp, readers.remove(source));
        }
        for (int fd = 3; fd < top; fd++) {
            if (!layout.containsKey(fd)) {
                actions.add(new Close(fd));
            }
        }
        actions.add(new CloseFrom(top + 1));
        return actions;
    }
}
