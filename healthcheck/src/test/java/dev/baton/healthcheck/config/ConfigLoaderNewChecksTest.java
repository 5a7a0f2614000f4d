package dev.baton.healthcheck.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Config errors of the http request options, ca, unix, fastcgi and all checks. */
class ConfigLoaderNewChecksTest extends ConfigTestSupport {
    static final String METHODS = "one of GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH";
    static final String REGEX_EXPECTED = "a regular expression such as \"pid={{child_pid}}\"";
    static final String HOST_EXPECTED = "a Host header value such as app.example.com or app.example.com:8080";
    static final String CA_EXPECTED = "a readable PEM file of CA certificates";
    static final String UNIX_EXPECTED = "the path of a unix stream socket, e.g. /run/app/app.sock";
    static final String FASTCGI_ADDRESS_EXPECTED = "tcp://HOST:PORT or unix:///PATH, e.g. unix:///run/php/php-fpm.sock";
    static final String FASTCGI_PATH_EXPECTED = "a path starting with /, e.g. /ping (php-fpm's ping.path)";
    static final String ALL_LIST_EXPECTED =
            "a list of checks, e.g. all: [{notify: {}}, {http: {url: \"http://127.0.0.1:8080/health\"}}]";

    private String check(String check) {
        return error("command: ./app\nhealthcheck:\n" + check.indent(2));
    }

    private Map<String, Object> describe(String check) throws Exception {
        return load("command: ./app\nhealthcheck:\n" + check.indent(2)).healthcheck().describe();
    }

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

    // ---- unix

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

    // ---- fastcgi

    @ParameterizedTest
    @ValueSource(strings = {"unix://run/php/php-fpm.sock", "localhost", "tcp://:9000", "tcp://127.0.0.1:0",
            "http://127.0.0.1:9000", "127.0.0.1:99999", "::1:9000"})
    void fastcgiAddressInvalid(String address) {
        assertEquals(at(3, "healthcheck.fastcgi.address: \"" + address + "\" is not a FastCGI address; expected "
                + FASTCGI_ADDRESS_EXPECTED), check("fastcgi: {address: \"" + address + "\"}"));
    }

    @Test
    void fastcgiAddressMissing() {
        assertEquals(at(3, "healthcheck.fastcgi: `address` is missing; expected " + FASTCGI_ADDRESS_EXPECTED),
                check("fastcgi: {path: /ping}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ping", "status.php", "/fpm ping", ""})
    void fastcgiPathNotStartingWithSlash(String path) {
        assertEquals(at(5, "healthcheck.fastcgi.path: \"" + path + "\" is not a request path; expected "
                + FASTCGI_PATH_EXPECTED), check("""
                fastcgi:
                  address: "unix:///run/php/php-fpm.sock"
                  path: "%s"
                """.formatted(path)));
    }

    @Test
    void fastcgiParamsWithABadName() {
        assertEquals(at(5, "healthcheck.fastcgi.params.HTTP-HOST: is not a parameter name; expected letters, digits and _"),
                check("""
                fastcgi:
                  address: "127.0.0.1:9000"
                  params: {HTTP-HOST: x}
                """));
    }

    @Test
    void fastcgiDescribe() throws Exception {
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("address", "unix:///run/php/php-fpm.sock");
        want.put("path", "/status");
        want.put("script_filename", "/var/www/status.php");
        want.put("params", Map.of("HTTP_HOST", "app.example.com"));
        want.put("status", "200");
        want.put("body", "^pong$");
        want.putAll(policy("1s", 1, 0));
        assertEquals(want, describe("""
                fastcgi:
                  address: "unix:///run/php/../php/php-fpm.sock"
                  path: /status
                  script_filename: /var/www/status.php
                  params: {HTTP_HOST: app.example.com}
                  status: "200"
                  body: "^pong$"
                """));
        assertEquals("tcp://127.0.0.1:9000", describe("fastcgi: {address: \"127.0.0.1:9000\"}").get("address"));
        assertEquals("tcp://[::1]:9000", describe("fastcgi: {address: \"tcp://[::1]:9000\"}").get("address"));
    }

    // ---- all

    @Test
    void allWithAnEmptyList() {
        assertEquals(at(3, "healthcheck.all: no checks given; expected " + ALL_LIST_EXPECTED), check("all: []"));
    }

    @Test
    void allWithAnEmptyChecksList() {
        assertEquals(at(3, "healthcheck.all.checks: no checks given; expected " + ALL_LIST_EXPECTED),
                check("all: {checks: [], successes: 2}"));
    }

    @Test
    void allInsideAll() {
        assertEquals(at(5, "healthcheck.all[1].all: `all` inside `all`; expected the checks listed in one `all` (it is "
                + "an AND already)"), check("""
                all:
                  - tcp: {address: "127.0.0.1:8080"}
                  - all: [{unix: {path: /run/app.sock}}]
                """));
    }

    @Test
    void successesOnAMember() {
        assertEquals(at(5, "healthcheck.all.checks[0].tcp.successes: `successes` applies to the whole `all` check, "
                + "not to one of its checks; expected `successes` next to `checks:`, e.g. all: {checks: [...], "
                + "successes: ...}"), check("""
                all:
                  checks:
                    - tcp: {address: "127.0.0.1:8080", successes: 2}
                """));
    }

    @ParameterizedTest
    @ValueSource(strings = {"interval: 1s", "initial_delay: 1s", "failures_allowed: 1"})
    void otherPolicyKeysOnAMember(String setting) {
        String key = setting.substring(0, setting.indexOf(':'));
        assertEquals(at(4, "healthcheck.all[0].tcp." + key + ": `" + key + "` applies to the whole `all` check, not "
                + "to one of its checks; expected `" + key + "` next to `checks:`, e.g. all: {checks: [...], " + key
                + ": ...}"), check("""
                all:
                  - tcp: {address: "127.0.0.1:8080", %s}
                """.formatted(setting)));
    }

    @Test
    void unknownKindInsideAll() {
        assertEquals(at(5, "healthcheck.all[1].grpc: unknown check kind \"grpc\"; expected one of " + KINDS), check("""
                all:
                  - tcp: {address: "127.0.0.1:8080"}
                  - grpc: {port: 8080}
                """));
    }

    @Test
    void twoKindsInOneItem() {
        assertEquals(at(4, "healthcheck.all[0]: 2 checks given (tcp, unix); expected exactly one check per item, e.g. "
                + "- http: {url: ...}"), check("""
                all:
                  - {tcp: {address: "127.0.0.1:8080"}, unix: {path: /run/app.sock}}
                """));
    }

    @Test
    void aMemberErrorNamesItsPlaceInTheList() {
        assertEquals(at(5, "healthcheck.all[1].fastcgi.path: \"ping\" is not a request path; expected "
                + FASTCGI_PATH_EXPECTED), check("""
                all:
                  - tcp: {address: "127.0.0.1:8080"}
                  - fastcgi: {address: "127.0.0.1:9000", path: ping}
                """));
    }

    @Test
    void allWithPolicyIsDescribed() throws Exception {
        Map<String, Object> d = describe("""
                all:
                  checks:
                    - tcp: {address: "127.0.0.1:8080"}
                    - unix: {path: /run/app.sock, timeout: 250ms}
                    - fastcgi: {address: "unix:///run/php/php-fpm.sock"}
                  timeout: 2s
                  interval: 500ms
                  successes: 2
                  failures_allowed: 1
                """);
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("checks", List.of(
                Map.of("tcp", map("address", "127.0.0.1:8080", "timeout", "2s")),
                Map.of("unix", map("path", "/run/app.sock", "timeout", "250ms")),
                Map.of("fastcgi", map("address", "unix:///run/php/php-fpm.sock", "path", "/ping", "status", "2xx",
                        "timeout", "2s"))));
        want.put("interval", "500ms");
        want.put("timeout", "2s");
        want.put("initial_delay", "0s");
        want.put("successes", 2);
        want.put("failures_allowed", 1);
        assertEquals(want, d);
        assertEquals("all", load("command: ./app\nhealthcheck:\n  all: [{tcp: {address: \"h:1\"}}]\n")
                .healthcheck().kind());
    }

    @Test
    void allAsAListUsesTheDefaultPolicy() throws Exception {
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("checks", List.of(Map.of("tcp", map("address", "127.0.0.1:8080", "timeout", "1s"))));
        want.putAll(policy("1s", 1, 0));
        assertEquals(want, describe("all: [{tcp: {address: \"127.0.0.1:8080\"}}]"));
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> policy(String timeout, int successes, int failuresAllowed) {
        return map("interval", "100ms", "timeout", timeout, "initial_delay", "0s", "successes", successes,
                "failures_allowed", failuresAllowed);
    }
}
