package dev.baton.healthcheck.tcp;

import dev.baton.healthcheck.BuiltInConfigTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code tcp} check's settings, as the config loader reads them. */
class TcpConfigTest extends BuiltInConfigTestSupport {
    static final String ADDRESS_EXPECTED = "host:port, e.g. 127.0.0.1:8080 or [::1]:8080";

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
}
