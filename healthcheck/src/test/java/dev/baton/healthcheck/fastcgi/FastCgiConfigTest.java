package dev.baton.healthcheck.fastcgi;

import dev.baton.healthcheck.BuiltInConfigTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code fastcgi} check's settings, as the config loader reads them. */
class FastCgiConfigTest extends BuiltInConfigTestSupport {
    static final String FASTCGI_ADDRESS_EXPECTED = "tcp://HOST:PORT or unix:///PATH, e.g. unix:///run/php/php-fpm.sock";
    static final String FASTCGI_PATH_EXPECTED = "a path starting with /, e.g. /ping (php-fpm's ping.path)";

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
}
