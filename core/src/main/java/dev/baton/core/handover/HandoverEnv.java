package dev.baton.core.handover;

import dev.baton.core.os.FdLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The environment variables of the handover protocol. They describe one handover only: a baton
 * removes every one of them from the environment it passes on ({@link #ALL}), and an old baton sets
 * each one anew for its new baton, or leaves it out. A stale one would make the next new baton
 * adopt an fd that is something else by then.
 */
public final class HandoverEnv {
    public static final String PROTOCOL = "BATON_PROTOCOL";
    public static final String GENERATION = "BATON_GENERATION";
    public static final String HANDOVER_FD = "BATON_HANDOVER_FD";
    /** Set when the new baton inherits the control socket ({@link FdLayout#CONTROL}). */
    public static final String CONTROL_FD = "BATON_CONTROL_FD";
    /** The listening sockets the new baton inherits ({@link FdLayout#FIRST_INHERITED_LISTENER}..; HeldListeners says how). */
    public static final String LISTENERS = "BATON_LISTENERS";

    /** Set when the new baton inherits the metrics listener: its fd ({@link FdLayout#metricsForNewBaton}). */
    public static final String METRICS_FD = "BATON_METRICS_FD";

    /** Every handover variable. */
    public static final List<String> ALL = List.of(PROTOCOL, GENERATION, HANDOVER_FD, CONTROL_FD, LISTENERS,
            METRICS_FD);

    private HandoverEnv() {
    }

    /**
     * What a new baton gets on top of the original environment: the protocol version
     * ({@code protocol}: {@link Message#PROTOCOL}, {@link Message#WITH_PROBATION} or {@link Message#WITHOUT_PROBATION}), its generation, the
     * handover fd, and {@code CONTROL_FD} / {@code LISTENERS} only if there is a control socket / a
     * listener to hand over.
     *
     * @param listeners HeldListeners' description of the sockets at fds 5.., empty if none
     */
    public static Map<String, String> forNewBaton(int protocol, long generation, boolean control, String listeners) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(PROTOCOL, Integer.toString(protocol));
        env.put(GENERATION, Long.toString(generation));
        env.put(HANDOVER_FD, Integer.toString(FdLayout.HANDOVER));
        if (control) {
            env.put(CONTROL_FD, Integer.toString(FdLayout.CONTROL));
        }
        if (!listeners.isEmpty()) {
            env.put(LISTENERS, listeners);
        }
        return env;
    }

    /** {@link #forNewBaton(int, long, boolean, String)}, plus {@code METRICS_FD} if {@code metricsAt} is not -1. */
    public static Map<String, String> forNewBaton(int protocol, long generation, boolean control, String listeners,
            int metricsAt) {
        Map<String, String> env = forNewBaton(protocol, generation, control, listeners);
        if (metricsAt >= 0) {
            env.put(METRICS_FD, Integer.toString(metricsAt));
        }
        return env;
    }

    /** The metrics listener's fd that an old baton passed on, if it did. */
    public static java.util.OptionalInt metricsFd(Map<String, String> processEnv) {
        try {
            int fd = Integer.parseInt(processEnv.getOrDefault(METRICS_FD, ""));
            return fd > FdLayout.CONTROL ? java.util.OptionalInt.of(fd) : java.util.OptionalInt.empty();
        } catch (NumberFormatException e) {
            return java.util.OptionalInt.empty();
        }
    }

    /** {@code env} without any handover variable: what may be passed on. */
    public static void strip(Map<String, String> env) {
        ALL.forEach(env::remove);
    }

    /** True when this baton was started by an old one (BATON_PROTOCOL is set): it is a new baton. */
    public static boolean isNewBaton(Map<String, String> processEnv) {
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
