package dev.baton.healthcheck;

import dev.baton.core.config.ConfigTestSupport;
import dev.baton.core.health.HealthChecks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Config tests with the real check providers, the built-in kinds as baton loads them (this module's
 * {@code META-INF/services}): core's {@link ConfigTestSupport}, which can't see them, with the
 * loader's kinds taken from the class path, and the helpers the checks' config tests share.
 */
public abstract class BuiltInConfigTestSupport extends ConfigTestSupport {
    public static final String KINDS = "alive, all, exec, fastcgi, http, notify, tcp, unix";

    @Override
    protected HealthChecks checks() {
        return HealthChecks.fromClassPath();
    }

    /** The one-line error of {@code healthcheck:} holding {@code check} (YAML, e.g. "tcp: {address: ...}"). */
    protected String check(String check) {
        return error("command: ./app\nhealthcheck:\n" + check.indent(2));
    }

    /** What {@code baton check} shows of {@code healthcheck:} holding {@code check}. */
    protected Map<String, Object> describe(String check) throws Exception {
        return load("command: ./app\nhealthcheck:\n" + check.indent(2)).healthcheck().describe();
    }

    /** {@code pairs} (key, value, ...) followed by the default policy. */
    protected static Map<String, Object> poll(Object... pairs) {
        Map<String, Object> m = map(pairs);
        m.put("interval", "100ms");
        m.put("timeout", "1s");
        m.put("initial_delay", "0s");
        m.put("successes", 1);
        m.put("failures_allowed", 0);
        return m;
    }

    protected static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    protected static Map<String, Object> policy(String timeout, int successes, int failuresAllowed) {
        return map("interval", "100ms", "timeout", timeout, "initial_delay", "0s", "successes", successes,
                "failures_allowed", failuresAllowed);
    }
}
