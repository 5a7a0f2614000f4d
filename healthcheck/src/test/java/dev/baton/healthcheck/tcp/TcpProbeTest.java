package dev.baton.healthcheck.tcp;

import dev.baton.core.spi.Attempt;
import dev.baton.healthcheck.ChannelServer;
import dev.baton.healthcheck.ProbeTestSupport;
import org.junit.jupiter.api.Test;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code tcp:} connects to host:port and nothing more. */
class TcpProbeTest extends ProbeTestSupport {

    private static String check(int port) {
        return "tcp: {address: \"127.0.0.1:" + port + "\", timeout: 300ms}";
    }

    @Test
    void passesWhenAServerListens() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        ChannelServer server = closeLater(ChannelServer.tcp(ChannelServer.hung(received)));
        assertEquals(Attempt.PASS, attempt(check(server.port())));
        assertEquals(Attempt.PASS, attempt(check(server.port())), "a second attempt connects again");
        assertTrue(received.isEmpty(), "the check sends nothing: " + received);
    }

    @Test
    void connectionRefusedOnAClosedPort() throws Exception {
        int port = closedPort();
        assertEquals(fail("connection refused by 127.0.0.1:" + port), attempt(check(port)));
    }

    @Test
    void noAnswerWhenTheListenerDropsConnections() throws Exception {
        int port = fullTcpBacklog();
        assertEquals(fail("no answer from 127.0.0.1:" + port + " within 300ms"), timedAttempt(check(port)));
    }
}
