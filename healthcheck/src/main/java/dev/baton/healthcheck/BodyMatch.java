package dev.baton.healthcheck;

import java.util.regex.Pattern;

/** A body regex in which {@code {{child_pid}}} stands for the checked child's pid. */
final class BodyMatch {
    static final String CHILD_PID = "{{child_pid}}";

    private BodyMatch() {
    }

    static boolean usesChildPid(String regex) {
        return regex.contains(CHILD_PID);
    }

    static String render(String regex, long childPid) {
        return regex.replace(CHILD_PID, Long.toString(childPid));
    }

    static Pattern compile(String regex, long childPid) {
        return Pattern.compile(render(regex, childPid));
    }
}
