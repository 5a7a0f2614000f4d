package dev.baton.core.os;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The one place that says which fd is what, for every process baton starts or is started as:
 *
 * <ul>
 *   <li>a child: 0-2 stdio, then its listeners from {@value #FIRST_CHILD_LISTENER} in config order
 *       (systemd's {@code SD_LISTEN_FDS_START}; Server::Starter's fds are these too);</li>
 *   <li>a new baton (re-exec flip): {@value #HANDOVER} the handover socket, {@value #CONTROL} the
 *       control socket if there is one, then every listener the old baton holds from
 *       {@value #FIRST_INHERITED_LISTENER}, in its order, then the metrics listener if there is one
 *       (after the listeners, so that an older new baton still finds its listeners where it looks);</li>
 *   <li>baton itself started by systemd socket activation: the sockets from
 *       {@value #FIRST_ACTIVATED}.</li>
 * </ul>
 * The OS seam takes these layouts as maps (the fd in the new process to baton's own fd) and knows no
 * number of its own. It lives here, at the bottom, because the child's environment (listen), the
 * handover (handover), socket activation (launcher) and the tests of each all need it.
 */
public final class FdLayout {
    public static final int FIRST_CHILD_LISTENER = 3;
    public static final int HANDOVER = 3;
    public static final int CONTROL = 4;
    public static final int FIRST_INHERITED_LISTENER = 5;
    public static final int FIRST_ACTIVATED = 3;

    private FdLayout() {
    }

    /** A child's fds: baton's listener fds, in config order, from fd 3. */
    public static SortedMap<Integer, Integer> forChild(List<Integer> listenerFds) {
        return from(FIRST_CHILD_LISTENER, listenerFds);
    }

    /** The fd of a child's {@code index}-th listener (0-based). */
    public static int childListener(int index) {
        return FIRST_CHILD_LISTENER + index;
    }

    /**
     * A new baton's fds but the handover socket (which the OS seam makes, and puts at
     * {@link #HANDOVER}): the control socket at 4 if {@code controlFd} is not -1, the listeners
     * from 5.
     */
    public static SortedMap<Integer, Integer> forNewBaton(int controlFd, List<Integer> listenerFds) {
        SortedMap<Integer, Integer> fds = from(FIRST_INHERITED_LISTENER, listenerFds);
        if (controlFd >= 0) {
            fds.put(CONTROL, controlFd);
        }
        return fds;
    }

    /** {@link #forNewBaton(int, List)}, plus the metrics listener {@code metricsFd} (if not -1) after the listeners. */
    public static SortedMap<Integer, Integer> forNewBaton(int controlFd, List<Integer> listenerFds, int metricsFd) {
        SortedMap<Integer, Integer> fds = forNewBaton(controlFd, listenerFds);
        if (metricsFd >= 0) {
            fds.put(metricsForNewBaton(listenerFds.size()), metricsFd);
        }
        return fds;
    }

    /** Where a new baton that inherits {@code listeners} listeners finds the metrics listener. */
    public static int metricsForNewBaton(int listeners) {
        return FIRST_INHERITED_LISTENER + listeners;
    }

    /** The fd at which a new baton finds the {@code index}-th listener it inherited (0-based). */
    public static int inheritedListener(int index) {
        return FIRST_INHERITED_LISTENER + index;
    }

    /** The fd of the {@code index}-th socket systemd passed (0-based). */
    public static int activated(int index) {
        return FIRST_ACTIVATED + index;
    }

    private static SortedMap<Integer, Integer> from(int first, List<Integer> fds) {
        SortedMap<Integer, Integer> out = new TreeMap<>();
        for (int i = 0; i < fds.size(); i++) {
            out.put(first + i, fds.get(i));
        }
        return out;
    }

    /** For messages and tests: "3<-100 4<-101". */
    public static String describe(Map<Integer, Integer> layout) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(layout).forEach((to, from) -> sb.append(sb.length() == 0 ? "" : " ").append(to).append("<-")
                .append(from));
        return sb.toString();
    }
}
