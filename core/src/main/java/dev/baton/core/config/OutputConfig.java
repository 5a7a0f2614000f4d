package dev.baton.core.config;

import java.nio.charset.StandardCharsets;

/**
 * {@code output.*}: where the child's stdout and stderr go. {@code inherit} (the default): they are
 * baton's own, and the child writes there directly. {@code pipe}: baton reads them and writes
 * each whole line, behind {@code prefix}, to its own stdout and stderr respectively.
 *
 * @param prefix the prefix with {@code ${VAR}} and {@code {{alt}}} rendered; {@code {{generation}}} and
 *     {@code {{child_pid}}} stay as written until the child runs ({@link #prefixFor})
 */
public record OutputConfig(Mode mode, String prefix) {
    public static final String DEFAULT_PREFIX = "[{{generation}} {{child_pid}}] ";
    public static final OutputConfig INHERIT = new OutputConfig(Mode.INHERIT, DEFAULT_PREFIX);
    static final String CHILD_PID = "{{child_pid}}";
    static final String GENERATION = "{{generation}}";

    public enum Mode { INHERIT, PIPE }

    /** The prefix of the lines of generation {@code generation}'s child, as bytes. */
    public byte[] prefixFor(long generation, long childPid) {
        return prefix.replace(GENERATION, Long.toString(generation)).replace(CHILD_PID, Long.toString(childPid))
                .getBytes(StandardCharsets.UTF_8);
    }
}
