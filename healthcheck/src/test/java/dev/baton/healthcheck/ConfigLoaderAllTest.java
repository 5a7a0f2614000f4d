package dev.baton.healthcheck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code all:} of the built-in checks: its list, its policy, and the errors of its members. */
class ConfigLoaderAllTest extends BuiltInConfigTestSupport {
    static final String ALL_LIST_EXPECTED =
            "a list of checks, e.g. all: [{notify: {}}, {http: {url: \"http://127.0.0.1:8080/health\"}}]";
    static final String FASTCGI_PATH_EXPECTED = "a path starting with /, e.g. /ping (php-fpm's ping.path)";

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
}
