package dev.baton.healthcheck;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.TemplateVars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The healthcheck section with the real providers: one check of a known kind, the policy keys every
 * kind has, and what the whole config does to a check's settings. Each kind's own keys are tested
 * next to it ({@code dev.baton.healthcheck.<kind>}), {@code all:} in {@link ConfigLoaderAllTest}.
 */
class ConfigLoaderHealthcheckTest extends BuiltInConfigTestSupport {
    static final String ONE_CHECK = "exactly one check, e.g. healthcheck: {http: {url: "
            + "\"http://127.0.0.1:8080/health\"}}; kinds: " + KINDS;

    @Test
    void unknownKind() {
        assertEquals(at(3, "healthcheck.grpc: unknown check kind \"grpc\"; expected one of " + KINDS), error("""
                command: ./app
                healthcheck:
                  grpc: {port: 8080}
                """));
    }

    @Test
    void twoChecksGiven() {
        assertEquals(at(3, "healthcheck: 2 checks given (tcp, http); expected " + ONE_CHECK), error("""
                command: ./app
                healthcheck:
                  tcp: {address: "127.0.0.1:8080"}
                  http: {url: "http://127.0.0.1:8080/"}
                """));
    }

    @Test
    void noCheckGiven() {
        assertEquals(at(2, "healthcheck: no check given; expected " + ONE_CHECK),
                error("command: ./app\nhealthcheck: {}\n"));
    }

    @Test
    void healthcheckAsString() {
        assertEquals(at(2, "healthcheck: \"http\" is not a mapping; expected " + ONE_CHECK),
                error("command: ./app\nhealthcheck: http\n"));
    }

    @Test
    void checkBodyNotAMapping() {
        assertEquals(at(2, "healthcheck.tcp: \"127.0.0.1:80\" is not a mapping; expected a mapping of the check's "
                + "settings"), error("command: ./app\nhealthcheck: {tcp: \"127.0.0.1:80\"}\n"));
    }

    @Test
    void successesBelowOne() {
        assertEquals(at(2, "healthcheck.tcp.successes: \"0\" is too small; expected a whole number of at least 1"),
                error("command: ./app\nhealthcheck: {tcp: {address: \"h:1\", successes: 0}}\n"));
    }

    @Test
    void successesNotANumber() {
        assertEquals(at(2, "healthcheck.tcp.successes: \"two\" is not a whole number; expected a whole number of "
                + "at least 1"), error("command: ./app\nhealthcheck: {tcp: {address: \"h:1\", successes: two}}\n"));
    }

    @Test
    void intervalBelowOneMillisecond() {
        assertEquals(at(2, "healthcheck.tcp.interval: \"500us\" is too short; expected at least 1ms"),
                error("command: ./app\nhealthcheck: {tcp: {address: \"h:1\", interval: 500us}}\n"));
    }

    @Test
    void checkTimeoutNotADuration() {
        assertEquals(at(2, "healthcheck.tcp.timeout: \"1\" is not a duration; expected " + DURATION_EXPECTED),
                error("command: ./app\nhealthcheck: {tcp: {address: \"h:1\", timeout: 1}}\n"));
    }

    /** Found by ConfigLoaderFuzzTest: a key went into the message's YAML path as written, control characters too. */
    @Test
    void controlCharactersInAKeyAreEscapedInThePath() {
        assertEquals(at(1, "comm\\tand: unknown key (did you mean `command`?); expected `command`: the program to "
                + "supervise, e.g. command: [./app, --port, \"8080\"]"), error("\"comm\\tand\": ./app\n"));
        assertEquals(at(2, "upgrade.mode\\u0085\\x1b[2J: unknown key; expected one of signal, mode, "
                + "timeout, start_allowance, probation"), error("command: ./app\nupgrade: {\"mode\\N\\e[2J\": inplace}\n"));
        assertEquals(at(2, "healthcheck: 2 checks given (tcp\\u2028, http); expected exactly one check, e.g. healthcheck: "
                + "{http: {url: \"http://127.0.0.1:8080/health\"}}; kinds: alive, all, exec, fastcgi, http, notify, tcp, unix"),
                error("command: ./app\nhealthcheck: {\"tcp\\L\": {}, http: {}}\n"));
    }

    @ParameterizedTest
    @CsvSource({"1, 8081", "2, 8082", "3, 8081", "4, 8082"})
    void alternateRotatesWithTheGeneration(long generation, String port) throws Exception {
        BatonConfig c = load("""
                command: [./app, "--health={{alt}}"]
                alternate: ["8081", "8082"]
                env: {HEALTH_PORT: "{{ alt }}"}
                healthcheck:
                  http: {url: "http://127.0.0.1:{{alt}}/health"}
                """, new TemplateVars(generation));
        assertEquals(List.of("./app", "--health=" + port), c.command().argv());
        assertEquals(port, c.env().get("HEALTH_PORT"));
        assertEquals("http://127.0.0.1:" + port + "/health", c.healthcheck().describe().get("url"));
        assertEquals(List.of("8081", "8082"), c.alternate());
    }
}
