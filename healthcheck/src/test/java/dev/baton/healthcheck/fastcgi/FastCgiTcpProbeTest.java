package dev.baton.healthcheck.fastcgi;

import dev.baton.core.spi.Attempt;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code fastcgi:} over TCP. */
class FastCgiTcpProbeTest extends FastCgiProbeContract {

    @Override
    FastCgiTestServer start() throws Exception {
        return FastCgiTestServer.tcp();
    }

    @Override
    String address() throws Exception {
        return "tcp://127.0.0.1:" + server.port();
    }

    @Override
    String where(String path) throws Exception {
        return "tcp://127.0.0.1:" + server.port() + " " + path;
    }

    @Test
    void anAddressWithoutSchemeIsTcp() throws Exception {
        assertEquals(Attempt.PASS, attempt("fastcgi: {address: \"127.0.0.1:" + server.port() + "\"}"));
    }

    @Test
    void connectionRefusedOnAClosedPort() throws Exception {
        int port = closedPort();
        assertEquals(fail("connection refused by tcp://127.0.0.1:" + port),
                attempt("fastcgi: {address: \"tcp://127.0.0.1:" + port + "\"}"));
    }

    @Test
    void noAnswerWhenTheListenerDropsConnections() throws Exception {
        int port = fullTcpBacklog();
        assertEquals(fail("no answer from tcp://127.0.0.1:" + port + " /ping within 300ms (connecting)"),
                timedAttempt("fastcgi: {address: \"127.0.0.1:" + port + "\", timeout: 300ms}"));
    }
}
