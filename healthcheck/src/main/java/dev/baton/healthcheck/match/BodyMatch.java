package dev.baton.healthcheck.match;

import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.CheckSettings;
import dev.baton.core.spi.Quote;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A regex in which {@code {{child_pid}}} stands for the checked child's pid. */
public final class BodyMatch {
    static final String EXPECTED = "a regular expression such as \"pid={{child_pid}}\"";
    static final String CHILD_PID = "{{child_pid}}";

    private BodyMatch() {
    }

    public static boolean usesChildPid(String regex) {
        return regex.contains(CHILD_PID);
    }

    /** {@code regex} with the child's pid in place of {@code {{child_pid}}}. */
    public static String render(String regex, long childPid) {
        return regex.replace(CHILD_PID, Long.toString(childPid));
    }

    public static Pattern compile(String regex, long childPid) {
        return Pattern.compile(render(regex, childPid));
    }

    /** Checks the regex of {@code key} (or of its {@code entry}, for a mapping) once, at config load. */
    public static void validate(CheckSettings settings, String key, String entry, String regex) throws CheckConfigException {
        try {
            Pattern.compile(render(regex, 1));
        } catch (PatternSyntaxException e) {
            String problem = Quote.value(regex) + " is not a valid regular expression (" + e.getDescription() + ")";
            throw entry == null ? settings.error(key, problem, EXPECTED) : settings.error(key, entry, problem, EXPECTED);
        }
    }
}
