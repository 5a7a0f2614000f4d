package dev.baton.healthcheck;

import dev.baton.core.config.LivenessConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code liveness:} with the real providers: any kind but notify, read as under healthcheck. */
class ConfigLoaderLivenessTest extends BuiltInConfigTestSupport {

    @Test
    void anHttpLivenessCheckReadsLikeAHealthcheck() throws Exception {
        LivenessConfig l = load("""
                command: ./app
                liveness:
                  http: {url: "http://127.0.0.1:8080/health", timeout: 300ms}
                  action: exit
                """).liveness().orElseThrow();
        assertEquals("http", l.check().kind());
        assertEquals(Duration.ofMillis(300), l.check().policy().timeout());
        assertEquals(Duration.ofSeconds(5), l.check().policy().interval());
        assertEquals(LivenessConfig.Action.EXIT, l.action());
    }

    @Test
    void notifyIsRefusedAloneAndInsideAll() {
        String expected = "liveness: the notify check can't be a liveness check (READY=1 comes once, at start); "
                + "expected a check that asks the child, e.g. http, tcp, unix or exec";
        assertEquals(at(3, expected), error("""
                command: ./app
                liveness:
                  notify: {}
                """));
        assertEquals(at(3, expected), error("""
                command: ./app
                liveness:
                  all: [{tcp: {address: "127.0.0.1:8080"}}, {notify: {}}]
                """));
    }
}
