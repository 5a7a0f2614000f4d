package dev.baton.healthcheck.http;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.Probe;
import dev.baton.healthcheck.ChannelServer;
import dev.baton.healthcheck.ProbeTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static dev.baton.healthcheck.ChannelServer.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code http:} with {@code socket:}: HTTP/1.1 over a unix socket, to a small server in the test. */
class HttpUnixSocketProbeTest extends ProbeTestSupport {
    static final String URL = "http://localhost/health";
    final BlockingQueue<SeenRequest> requests = new LinkedBlockingQueue<>();
    volatile Reply reply = Reply.OK;
    Path socket;

    @BeforeEach
    void setUp() {
        socket = dir.resolve("http.sock");
    }

    /** Reads the request head and answers {@link #reply}, then closes. */
    private void startServer() throws Exception {
        closeLater(ChannelServer.unix(socket, (in, out) -> {
            requests.add(SeenRequest.parse(ChannelServer.readHead(in)));
            write(out, reply);
        }));
    }

    private static void write(OutputStream out, Reply r) throws java.io.IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 " + r.status() + " Whatever\r\n");
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private String check(String more) {
        return "http:\n  url: \"" + URL + "\"\n  socket: \"" + socket + "\"\n" + more.indent(2);
    }

    private String via() {
        return URL + " via " + socket;
    }

    @Test
    void passesAgainstAServerOnTheSocket() throws Exception {
        startServer();
        assertEquals(Attempt.PASS, attempt(check("")));
        SeenRequest r = next(requests);
        assertEquals("GET", r.method());
        assertEquals("/health", r.target());
        assertEquals("localhost", r.header("Host"));
        assertEquals("baton-healthcheck", r.header("User-Agent"));
    }

    @Test
    void aRelativeSocketPathIsResolvedAgainstTheConfigFile() throws Exception {
        startServer();
        assertEquals(Attempt.PASS, attempt("http: {url: \"" + URL + "\", socket: http.sock}"));
        assertEquals("/health", next(requests).target());
    }

    @Test
    void connectionRefusedByAStaleSocket() throws Exception {
        staleSocket(socket);
        assertEquals(fail("connection refused by " + socket + " (nothing listens there)"), attempt(check("")));
    }

    @Test
    void noSocketAtAMissingPath() throws Exception {
        assertEquals(fail("no socket at " + socket), attempt(check("")));
    }

    @Test
    void failsOnAStatusOutsideTheRange() throws Exception {
        reply = Reply.of(503, "down");
        startServer();
        assertEquals(fail("503 from " + via()), attempt(check("")));
    }

    @Test
    void failsWhenTheBodyDoesNotMatch() throws Exception {
        reply = Reply.of(200, "nope");
        startServer();
        assertEquals(fail("body from " + via() + " does not match /^pong$/"), attempt(check("body: \"^pong$\"")));
    }

    @Test
    void bodyWithChildPidPassesOnlyForTheChild() throws Exception {
        startServer();
        Probe probe = probe(check("body: \"pid={{child_pid}}\\\\b\""));
        reply = Reply.of(200, "ready, pid=4242.");
        assertEquals(Attempt.PASS, probe.attempt(ctx, Duration.ofSeconds(2)));
        reply = Reply.of(200, "ready, pid=1.");
        assertEquals(fail("body from " + via() + " does not match /pid=4242\\b/"), probe.attempt(ctx, Duration.ofSeconds(2)));
    }

    @Test
    void expectedHeaders() throws Exception {
        startServer();
        Probe probe = probe(check("expect_headers: {X-Ready: \"^yes$\"}"));
        reply = Reply.OK.withHeader("X-Ready", "yes");
        assertEquals(Attempt.PASS, probe.attempt(ctx, Duration.ofSeconds(2)));
        reply = Reply.OK.withHeader("X-Ready", "not yet");
        assertEquals(fail("X-Ready header from " + via() + " does not match /^yes$/"),
                probe.attempt(ctx, Duration.ofSeconds(2)));
        reply = Reply.OK;
        assertEquals(fail("no X-Ready header from " + via()), probe.attempt(ctx, Duration.ofSeconds(2)));
    }

    @Test
    void methodHeadersAndHostReachTheServer() throws Exception {
        startServer();
        assertEquals(Attempt.PASS, attempt(check("""
                method: DELETE
                headers: {X-Child: "{{child_pid}}"}
                host: app.internal
                """)));
        SeenRequest r = next(requests);
        assertEquals("DELETE", r.method());
        assertEquals("4242", r.header("X-Child"));
        assertEquals("app.internal", r.header("Host"));
    }

    @Test
    void noAnswerWithinTheTimeout() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        closeLater(ChannelServer.unix(socket, ChannelServer.hung(received)));
        assertEquals(fail("no answer from " + via() + " within 300ms"), timedAttempt(check("timeout: 300ms")));
        assertTrue(next(received).startsWith("GET /health HTTP/1.1\r\n"));
    }

    @Test
    void aRegularFileIsNotASocket() throws Exception {
        Files.writeString(socket, "not a socket");
        assertEquals(fail(socket + " is not a socket"), attempt(check("")));
    }
}
