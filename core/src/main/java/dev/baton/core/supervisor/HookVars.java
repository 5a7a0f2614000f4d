package dev.baton.core.supervisor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a hook is told about its flip, as {@code BATON_*} variables; what is not known is empty.
 *
 * @param generation the flip's new generation
 * @param oldChildPid the serving (old) generation's child, or -1 if not known here
 * @param newChildPid the new generation's child, or -1 if none was spawned (or not known here)
 * @param result {@code committed}, {@code failed} or {@code rolled_back}; empty before the flip ended
 * @param reason why the flip failed; empty otherwise
 */
record HookVars(long generation, long oldChildPid, long newChildPid, String result, String reason) {
    static final String GENERATION = "BATON_GENERATION";
    static final String OLD_CHILD_PID = "BATON_OLD_CHILD_PID";
    static final String NEW_CHILD_PID = "BATON_NEW_CHILD_PID";
    static final String FLIP_RESULT = "BATON_FLIP_RESULT";
    static final String REASON = "BATON_REASON";

    /** Before the flip ended. */
    static HookVars during(long generation, long oldChildPid, long newChildPid) {
        return new HookVars(generation, oldChildPid, newChildPid, "", "");
    }

    /** Once it ended, as its record says. */
    static HookVars of(FlipRecord r, long oldChildPid) {
        return new HookVars(r.newGeneration(), oldChildPid, r.newChildPid(),
                r.result().name().toLowerCase(java.util.Locale.ROOT), r.reason() == null ? "" : r.reason());
    }

    Map<String, String> env() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(GENERATION, Long.toString(generation));
        m.put(OLD_CHILD_PID, oldChildPid > 0 ? Long.toString(oldChildPid) : "");
        m.put(NEW_CHILD_PID, newChildPid > 0 ? Long.toString(newChildPid) : "");
        m.put(FLIP_RESULT, result);
        m.put(REASON, reason);
        return m;
    }
}
