package dev.baton.healthcheck.http;

import dev.baton.core.config.ConfigException;
import dev.baton.healthcheck.BuiltInConfigTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code http} check's settings, as the config loader reads them: url, status, request options and ca. */
class HttpConfigTest extends BuiltInConfigTestSupport {
    static final String URL_EXPECTED = "an http:// or https:// URL, e.g. http://127.0.0.1:8080/health";
    static final String STATUS_EXPECTED = "a status such as 200, 2xx or 200-399";
    static final String METHODS = "one of GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH";
    static final String REGEX_EXPECTED = "a regular expression such as \"pid={{child_pid}}\"";
    static final String HOST_EXPECTED = "a Host header value such as app.example.com or app.example.com:8080";
    static final String CA_EXPECTED = "a readable PEM file of CA certificates";

    // ---- http request options

    @ParameterizedTest
    @ValueSource(strings = {"FETCH", "get", "CONNECT", "TRACE"})
    void httpMethodInvalid(String method) {
        assertEquals(at(5, "healthcheck.http.method: \"" + method + "\" is not a method baton sends; expected "
                + METHODS), check("""
                http:
                  url: "http://127.0.0.1:8080/health"
                  method: %s
                """.formatted(method)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host", "host", "HOST"})
    void httpHeadersMustNotSetHost(String name) {
        assertEquals(at(6, "healthcheck.http.headers." + name + ": sets the Host header; expected `host:` for the "
                + "Host header"), check("""
                http:
                  url: "http://127.0.0.1:8080/health"
                  headers:
                    %s: app.example.com
                """.formatted(name)));
    }

    @Test
    void httpHeaderValueWithALineBreak() {
        assertEquals(at(6, "healthcheck.http.headers.X-A: is not a valid header (Unexpected char 0x0a at 3 in X-A "
                + "value: one\\ntwo); expected a header name and a value without line breaks"), check("""
                http:
                  url: "http://127.0.0.1:8080/health"
                  headers:
                    X-A: "one\\ntwo"
                """));
    }

    /** YAML's double-quoted escapes and the message's quoting agree, so the value is shown as written. */
    @ParameterizedTest
    @ValueSource(strings = {"\"app example.com\"", "\"app.example.com/health\"", "\" \"", "\"\"",
            "\"bücher.example\"", "\"app\\x01.example\"", "\"app\\t.example\""})
    void httpHostThatIsNotAHostName(String quoted) {
        assertEquals(at(5, "healthcheck.http.host: " + quoted + " is not a host name; expected " + HOST_EXPECTED),
                check("""
                http:
                  url: "http://127.0.0.1:8080/health"
                  host: %s
                """.formatted(quoted)));
    }

    @Test
    void httpExpectHeadersWithABadRegex() {
        assertEquals(at(6, "healthcheck.http.expect_headers.X-Ready: \"(yes\" is not a valid regular expression "
                + "(Unclosed group); expected " + REGEX_EXPECTED), check("""
                http:
                  url: "http://127.0.0.1:8080/health"
                  expect_headers:
                    X-Ready: "(yes"
                """));
    }

    @Test
    void httpExpectHeadersWithABadName() {
        assertEquals(at(5, "healthcheck.http.expect_headers.X Ready: is not a header name; expected a header name "
                + "such as X-Ready"), check("""
                http:
                  url: "http://127.0.0.1:8080/health"
                  expect_headers: {"X Ready": yes}
                """));
    }

    @Test
    void httpBodyWithABadRegex() {
        assertEquals(at(5, "healthcheck.http.body: \"pid=[{{child_pid}}\" is not a valid regular expression "
                + "(Unclosed character class); expected " + REGEX_EXPECTED), check("""
                http:
                  url: "http://127.0.0.1:8080/health"
                  body: "pid=[{{child_pid}}"
                """));
    }

    @Test
    void httpRequestOptionsAreDescribed() throws Exception {
        Map<String, Object> d = describe("""
                http:
                  url: "http://localhost/health"
                  socket: run/app.sock
                  method: POST
                  headers: {X-Child: "{{child_pid}}"}
                  host: app.example.com
                  body: "pid={{child_pid}}"
                  expect_headers: {X-Ready: "^yes$"}
                """);
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("url", "http://localhost/health");
        want.put("socket", dir.resolve("run/app.sock").toString());
        want.put("method", "POST");
        want.put("headers", Map.of("X-Child", "{{child_pid}}"));
        want.put("host", "app.example.com");
        want.put("status", "2xx");
        want.put("body", "pid={{child_pid}}");
        want.put("expect_headers", Map.of("X-Ready", "^yes$"));
        want.putAll(policy("1s", 1, 0));
        assertEquals(want, d);
    }

    // ---- ca

    @Test
    void caOnAnHttpUrl() throws Exception {
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, "");
        assertEquals(at(5, "healthcheck.http.ca: a CA file only applies to https:// URLs, and the url is "
                + "\"http://127.0.0.1:8080/health\"; expected an https:// url, or no `ca`"), check("""
                http:
                  url: "http://127.0.0.1:8080/health"
                  ca: ca.pem
                """));
    }

    @Test
    void caFileMissing() {
        assertEquals(at(5, "healthcheck.http.ca: cannot use " + dir.resolve("missing.pem") + ": it does not exist; "
                + "expected " + CA_EXPECTED), check("""
                http:
                  url: "https://127.0.0.1:8443/health"
                  ca: missing.pem
                """));
    }

    @Test
    void caFileEmpty() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "");
        assertEquals(at(5, "healthcheck.http.ca: cannot use " + dir.resolve("ca.pem") + ": no PEM certificate in it; "
                + "expected " + CA_EXPECTED), check("""
                http:
                  url: "https://127.0.0.1:8443/health"
                  ca: ca.pem
                """));
    }

    @Test
    void caFileNotPem() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        assertEquals(at(5, "healthcheck.http.ca: cannot use " + dir.resolve("ca.pem") + ": no readable PEM certificate in it "
                + "(java.io.IOException: java.lang.IllegalArgumentException: Illegal base64 character 21); expected "
                + CA_EXPECTED),
                check("""
                http:
                  url: "https://127.0.0.1:8443/health"
                  ca: ca.pem
                """));
    }

    @Test
    void caIsADirectory() throws Exception {
        Files.createDirectory(dir.resolve("certs"));
        assertEquals(at(5, "healthcheck.http.ca: cannot use " + dir.resolve("certs") + ": it is a directory; expected "
                + CA_EXPECTED), check("""
                http:
                  url: "https://127.0.0.1:8443/health"
                  ca: certs
                """));
    }

    // ---- url, status and the policy keys

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
    void unknownHttpCheckKey() {
        assertEquals(at(5, "healthcheck.http.intervall: unknown key (did you mean `interval`?); expected one of "
                + "url, socket, method, headers, host, status, body, expect_headers, ca, interval, timeout, initial_delay, "
                + "successes, failures_allowed"), error("""
                        command: ./app
                        healthcheck:
                          http:
                            url: http://127.0.0.1:8080/
                            intervall: 1s
                        """));
    }
}
