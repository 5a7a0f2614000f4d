package dev.baton.healthcheck.config;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The healthcheck section with the real alive, tcp, http and exec providers. */
class ConfigLoaderHealthcheckTest extends ConfigTestSupport {
    static final String ONE_CHECK = "exactly one check, e.g. healthcheck: {http: {url: "
            + "\"http://127.0.0.1:8080/health\"}}; kinds: " + KINDS;
    static final String URL_EXPECTED = "an http:// or https:// URL, e.g. http://127.0.0.1:8080/health";
    static final String STATUS_EXPECTED = "a status such as 200, 2xx or 200-399";
    static final String ADDRESS_EXPECTED = "host:port, e.g. 127.0.0.1:8080 or [::1]:8080";

    private Map<String, Object> describe(String check) throws Exception {
        BatonConfig c = load("command: ./app\nhealthcheck:\n" + check.indent(2));
        return c.healthcheck().describe();
    }

    private static Map<String, Object> poll(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        m.put("interval", "100ms");
        m.put("timeout", "1s");
        m.put("initial_delay", "0s");
        m.put("successes", 1);
        m.put("failures_allowed", 0);
        return m;
    }

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
    void aliveWithDuration() throws Exception {
        assertEquals(poll("duration", "3s"), describe("alive: {duration: 3s}"));
    }

    @Test
    void aliveWithEmptyBody() throws Exception {
        assertEquals(poll("duration", "1s"), describe("alive:"));
    }

    @Test
    void httpWithDefaults() throws Exception {
        assertEquals(poll("url", "http://127.0.0.1:8080/health", "method", "GET", "status", "2xx"),
                describe("http: {url: \"http://127.0.0.1:8080/health\"}"));
    }

    @Test
    void httpPollSettings() throws Exception {
        Map<String, Object> d = describe("""
                http:
                  url: https://localhost/
                  interval: 250ms
                  timeout: 2s
                  initial_delay: 1m
                  successes: 3
                """);
        assertEquals("250ms", d.get("interval"));
        assertEquals("2s", d.get("timeout"));
        assertEquals("1m", d.get("initial_delay"));
        assertEquals(3, d.get("successes"));
    }

    @Test
    void httpUrlMissing() {
        assertEquals(at(3, "healthcheck.http: `url` is missing; expected " + URL_EXPECTED),
                error("command: ./app\nhealthcheck:\n  http: {status: 200}\n"));
    }

    @Test
    void httpWithEmptyBodyNamesTheLine() {
        assertEquals(at(3, "healthcheck.http: `url` is missing; expected " + URL_EXPECTED),
                error("command: ./app\nhealthcheck:\n  http:\n"));
    }

    @Test
    void httpUrlNotAUrl() {
        assertEquals(at(2, "healthcheck.http.url: \"not a url\" does not start with http:// or https://; "
                + "expected " + URL_EXPECTED), error("command: ./app\nhealthcheck: {http: {url: not a url}}\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/", "localhost:8080/health", "127.0.0.1:8080/health"})
    void httpUrlWithoutHttpScheme(String url) {
        assertEquals(at(2, "healthcheck.http.url: \"" + url + "\" does not start with http:// or https://; expected "
                + URL_EXPECTED), error("command: ./app\nhealthcheck: {http: {url: \"" + url + "\"}}\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://", "http://127.0.0.1:0/", "http://[::1/health", "http://exa mple/"})
    void httpUrlThatOkHttpCannotParse(String url) {
        assertEquals(at(2, "healthcheck.http.url: \"" + url + "\" is not a valid URL; expected " + URL_EXPECTED),
                error("command: ./app\nhealthcheck: {http: {url: \"" + url + "\"}}\n"));
    }

    @Test
    void httpUrlWithUnderscoreInHostIsAccepted() throws Exception {
        assertEquals("http://my_app:8080/health", describe("http: {url: \"http://my_app:8080/health\"}").get("url"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:99999/health", "http://127.0.0.1:0/health"})
    void httpUrlWithImpossiblePortIsRejectedAtLoad(String url) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("command: ./app\nhealthcheck: {http: {url: \"" + url + "\"}}\n"));
        assertTrue(oneLine(e).startsWith(at(2, "healthcheck.http.url: \"" + url + "\" ")), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"2xx, 2xx", "200-399, 200-399", "204, 204", "' 3XX ', 3xx", "200 - 204, 200-204"})
    void httpStatusRanges(String written, String shown) throws Exception {
        assertEquals(shown, describe("http: {url: \"http://h/\", status: \"" + written + "\"}").get("status"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"99", "600", "6xx", "399-200", "ok"})
    void httpBadStatus(String status) {
        assertEquals(at(2, "healthcheck.http.status: \"" + status + "\" is not a status range; expected "
                + STATUS_EXPECTED), error("command: ./app\nhealthcheck: {http: {url: \"http://h/\", status: \""
                + status + "\"}}\n"));
    }

    @Test
    void tcpAddress() throws Exception {
        assertEquals(poll("address", "127.0.0.1:8080"), describe("tcp: {address: 127.0.0.1:8080}"));
    }

    @Test
    void tcpIpv6Address() throws Exception {
        assertEquals("[::1]:8080", describe("tcp: {address: \"[::1]:8080\"}").get("address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:", ":8080", "::1:8080", "localhost:0", "localhost:65536",
            "localhost:http"})
    void tcpAddressWithoutValidPort(String address) {
        assertEquals(at(2, "healthcheck.tcp.address: \"" + address + "\" is not host:port; expected "
                + ADDRESS_EXPECTED), error("command: ./app\nhealthcheck: {tcp: {address: \"" + address + "\"}}\n"));
    }

    @Test
    void tcpAddressMissing() {
        assertEquals(at(2, "healthcheck.tcp: `address` is missing; expected " + ADDRESS_EXPECTED),
                error("command: ./app\nhealthcheck: {tcp: {timeout: 1s}}\n"));
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

    @Test
    void execCommandIsResolvedAgainstWorkdir() throws Exception {
        executable(dir.resolve("sub/check.sh"));
        BatonConfig c = load("""
                command: %s
                workdir: sub
                healthcheck:
                  exec: {command: "./check.sh --quiet"}
                """.formatted(dir.resolve("app")));
        assertEquals(List.of("./check.sh", "--quiet"), c.healthcheck().describe().get("command"));
        assertEquals("exec", c.healthcheck().kind());
    }

    @Test
    void execCommandThatDoesNotExistInWorkdir() throws Exception {
        executable(dir.resolve("check.sh"));
        Files.createDirectory(dir.resolve("sub"));
        assertEquals(at(5, "healthcheck.exec.command: cannot run \"./check.sh\": " + dir.resolve("sub/check.sh")
                + " does not exist; expected " + PROGRAM_EXPECTED), error("""
                command: %s
                workdir: sub
                healthcheck:
                  exec:
                    command: [./check.sh]
                """.formatted(dir.resolve("app"))));
    }

    @Test
    void execCommandIsSearchedInPath() throws Exception {
        executable(bin.resolve("probe"));
        assertEquals(poll("command", List.of("probe", "-x")), describe("exec: {command: [probe, -x]}"));
    }

    @Test
    void execCommandNotInPath() {
        assertEquals(at(2, "healthcheck.exec.command: cannot run \"probe\": not found in PATH " + bin + "; expected "
                + PROGRAM_EXPECTED), error("command: ./app\nhealthcheck: {exec: {command: probe}}\n"));
    }

    @Test
    void execCommandNotExecutable() throws Exception {
        plainFile(dir.resolve("check.sh"));
        assertEquals(at(2, "healthcheck.exec.command: cannot run \"./check.sh\": " + dir.resolve("check.sh")
                + " is not executable; expected " + PROGRAM_EXPECTED),
                error("command: ./app\nhealthcheck: {exec: {command: ./check.sh}}\n"));
    }

    @Test
    void execCommandMissing() {
        assertEquals(at(2, "healthcheck.exec: `command` is missing; expected the probe to run, e.g. command: "
                + "[curl, -fsS, \"http://127.0.0.1:8080/\"]"), error("command: ./app\nhealthcheck: {exec: {timeout: 1s}}\n"));
    }
}
