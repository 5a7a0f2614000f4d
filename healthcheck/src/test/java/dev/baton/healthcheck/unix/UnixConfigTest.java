package dev.baton.healthcheck.unix;

import dev.baton.healthcheck.BuiltInConfigTestSupport;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code unix} check's settings, as the config loader reads them. */
class UnixConfigTest extends BuiltInConfigTestSupport {
    static final String UNIX_EXPECTED = "the path of a unix stream socket, e.g. /run/app/app.sock";

    @Test
    void unixPathMissing() {
        assertEquals(at(3, "healthcheck.unix: `path` is missing; expected " + UNIX_EXPECTED), check("unix: {timeout: 1s}"));
    }

    @Test
    void unixPathTooLong() {
        String p = "/run/" + "x".repeat(110) + ".sock";
        assertEquals(at(3, "healthcheck.unix.path: \"" + p + "\" is longer than a unix socket path can be (107 bytes); "
                + "expected a shorter path"), check("unix: {path: \"" + p + "\"}"));
    }

    @Test
    void unixDescribe() throws Exception {
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("path", dir.resolve("app.sock").toString());
        want.putAll(policy("1s", 1, 0));
        assertEquals(want, describe("unix: {path: app.sock}"));
    }
}
