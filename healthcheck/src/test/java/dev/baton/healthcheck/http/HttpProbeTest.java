package dev.baton.healthcheck.http;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.Probe;
import dev.baton.healthcheck.ChannelServer;
import dev.baton.healthcheck.ProbeTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static dev.baton.healthcheck.ChannelServer.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code http:} over TCP against the JDK's HTTP server on loopback. */
class HttpProbeTest extends ProbeTestSupport {
    HttpTestServer server;
    String url;

    @BeforeEach
    void startServer() throws Exception {
        server = closeLater(HttpTestServer.http());
        url = server.url();
    }

    private String check(String more) {
        return "http:\n  url: \"" + url + "\"\n" + more.indent(2);
    }

    @Test
    void passesAgainstAServerThatAnswers200() throws Exception {
        assertEquals(Attempt.PASS, attempt(check("")));
        SeenRequest r = next(server.requests);
        assertEquals("GET", r.method());
        assertEquals("/health", r.target());
        assertEquals("127.0.0.1:" + server.port(), r.header("Host"));
        assertEquals("baton-healthcheck", r.header("User-Agent"));
        assertEquals("close", r.header("Connection"));
    }

    @Test
    void connectionRefusedOnAClosedPort() throws Exception {
        url = "http://127.0.0.1:" + closedPort() + "/health";
        assertEquals(fail("connection refused by " + url), attempt(check("")));
    }

    @Test
    void failsOnAStatusOutsideTheRange() throws Exception {
        server.reply = Reply.of(503, "down");
        assertEquals(fail("503 from " + url), attempt(check("")));
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        server.reply = Reply.of(302, "").withHeader("Location", "/elsewhere");
        assertEquals(fail("302 from " + url), attempt(check("")));
        assertEquals("/health", next(server.requests).target());
        assertNull(server.requests.poll());
    }

    @Test
    void aConfiguredStatusRangePasses() throws Exception {
        server.reply = Reply.of(503, "down");
        assertEquals(Attempt.PASS, attempt(check("status: 500-503")));
    }

    @Test
    void failsWhenTheBodyDoesNotMatch() throws Exception {
        server.reply = Reply.of(200, "nope");
        assertEquals(fail("body from " + url + " does not match /^pong$/"), attempt(check("body: \"^pong$\"")));
    }

    @Test
    void passesWhenTheBodyMatches() throws Exception {
        server.reply = Reply.of(200, "pong");
        assertEquals(Attempt.PASS, attempt(check("body: \"^pong$\"")));
    }

    @Test
    void bodyWithChildPidPassesOnlyForTheChild() throws Exception {
        server.reply = Reply.of(200, "pid=4242\n");
        Probe probe = probe(check("body: \"^pid={{child_pid}}$\""));
        assertEquals(Attempt.PASS, probe.attempt(ctx, Duration.ofSeconds(2)));

        server.reply = Reply.of(200, "pid=42420\n");
        assertEquals(fail("body from " + url + " does not match /^pid=4242$/"), probe.attempt(ctx, Duration.ofSeconds(2)));
    }

    @Test
    void expectedHeaderMatches() throws Exception {
        server.reply = Reply.OK.withHeader("X-Ready", "yes").withHeader("X-Pid", "4242");
        assertEquals(Attempt.PASS, attempt(check("expect_headers: {X-Ready: \"^yes$\", x-pid: \"^{{child_pid}}$\"}")));
    }

    @Test
    void expectedHeaderMissing() throws Exception {
        assertEquals(fail("no X-Ready header from " + url), attempt(check("expect_headers: {X-Ready: \"^yes$\"}")));
    }

    @Test
    void expectedHeaderDoesNotMatch() throws Exception {
        server.reply = Reply.OK.withHeader("X-Ready", "no");
        assertEquals(fail("X-Ready header from " + url + " does not match /^yes$/"),
                attempt(check("expect_headers: {X-Ready: \"^yes$\"}")));
    }

    @Test
    void statusIsCheckedBeforeHeadersAndBody() throws Exception {
        server.reply = Reply.of(500, "nope");
        assertEquals(fail("500 from " + url), attempt(check("expect_headers: {X-Ready: yes}\nbody: pong")));
    }

    @Test
    void methodHeadersAndHostReachTheServer() throws Exception {
        assertEquals(Attempt.PASS, attempt(check("""
                method: POST
                headers:
                  X-Child: "pid {{child_pid}}"
                  Authorization: Bearer s3cret
                host: app.example.com:8443
                """)));
        SeenRequest r = next(server.requests);
        assertEquals("POST", r.method());
        assertEquals("pid 4242", r.header("X-Child"));
        assertEquals("Bearer s3cret", r.header("Authorization"));
        assertEquals("app.example.com:8443", r.header("Host"));
        assertEquals("0", r.header("Content-Length"));
    }

    @Test
    void hostWithChildPid() throws Exception {
        assertEquals(Attempt.PASS, attempt(check("host: \"{{child_pid}}.app.test\"")));
        assertEquals("4242.app.test", next(server.requests).header("Host"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
    void everyMethodIsSentAsWritten(String method) throws Exception {
        assertEquals(Attempt.PASS, attempt(check("method: " + method)));
        assertEquals(method, next(server.requests).method());
    }

    @Test
    void everyAttemptUsesANewConnection() throws Exception {
        Probe probe = probe(check(""));
        assertEquals(Attempt.PASS, probe.attempt(ctx, Duration.ofSeconds(2)));
        assertEquals(Attempt.PASS, probe.attempt(ctx, Duration.ofSeconds(2)));
        assertNotEquals(next(server.clientPorts), next(server.clientPorts));
    }

    @Test
    void noAnswerWithinTheTimeout() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        ChannelServer hung = closeLater(ChannelServer.tcp(ChannelServer.hung(received)));
        url = "http://127.0.0.1:" + hung.port() + "/health";
        assertEquals(fail("no answer from " + url + " within 300ms"), timedAttempt(check("timeout: 300ms")));
        assertTrue(next(received).startsWith("GET /health HTTP/1.1\r\n"));
    }

    @Test
    void noAnswerWhenTheListenerDropsConnections() throws Exception {
        url = "http://127.0.0.1:" + fullTcpBacklog() + "/health";
        assertEquals(fail("no answer from " + url + " within 300ms"), timedAttempt(check("timeout: 300ms")));
    }
}
