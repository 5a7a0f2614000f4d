package dev.baton.core.handover;

import java.util.Map;
import java.util.OptionalLong;

/** The environment variables of the handover protocol. */
public final class HandoverEnv {
    public static final String PROTOCOL = "BATON_PROTOCOL";
    public static final String GENERATION = "BATON_GENERATION";
    public static final String HANDOVER_FD = "BATON_HANDOVER_FD";
    /** Set when the new baton inherits the control socket, at fd 4. */
    public static final String CONTROL_FD = "BATON_CONTROL_FD";
    public static final int CONTROL = 4;
    /** The fd layout: 3 = handover socket, 4 = control (reserved), 5.. = listeners (reserved). */
    public static final int FD = 3;

    private HandoverEnv() {
    }

    /** What a new baton gets on top of the original environment. */
    public static Map<String, String> forSuccessor(long generation) {
        return Map.of(PROTOCOL, Integer.toString(Message.PROTOCOL), GENERATION, Long.toString(generation),
                HANDOVER_FD, Integer.toString(FD));
    }

    /** True when this baton was started by an old one (BATON_PROTOCOL is set). */
    public static boolean isSuccessor(Map<String, String> processEnv) {
        return processEnv.containsKey(PROTOCOL);
    }

    public static OptionalLong generation(Map<String, String> processEnv) {
        try {
            return OptionalLong.of(Long.parseLong(processEnv.getOrDefault(GENERATION, "")));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
