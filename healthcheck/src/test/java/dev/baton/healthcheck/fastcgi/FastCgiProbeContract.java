package dev.baton.healthcheck.fastcgi;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.Probe;
import dev.baton.healthcheck.ProbeTestSupport;
import dev.baton.healthcheck.fastcgi.FastCgiTestServer.Answer;
import dev.baton.healthcheck.fastcgi.FastCgiTestServer.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static dev.baton.healthcheck.ChannelServer.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fastcgi check against the test's FastCGI responder; the subclasses pick TCP or a unix socket. */
abstract class FastCgiProbeContract extends ProbeTestSupport {
    FastCgiTestServer server;

    /** Starts the server this transport uses. */
    abstract FastCgiTestServer start() throws Exception;

    /** The {@code address:} of the started server. */
    abstract String address() throws Exception;

    /** How failures name the server and path, e.g. "tcp://127.0.0.1:9000 /ping". */
    abstract String where(String path) throws Exception;

    @BeforeEach
    void startServer() throws Exception {
        server = closeLater(start());
    }

    @AfterEach
    void serverHadNoProblems() {
        assertEquals(List.of(), server.errors());
    }

    String check(String more) throws Exception {
        return "fastcgi:\n  address: \"" + address() + "\"\n" + more.indent(2);
    }

    @Test
    void passesWhenTheAnswerIsPong() throws Exception {
        assertEquals(Attempt.PASS, attempt(check("body: \"^pong$\"")));
        Request r = next(server.requests);
        assertEquals(1, r.requestId());
        assertEquals(1, r.role(), "the Responder role");
        assertEquals(0, r.flags(), "no FCGI_KEEP_CONN");
        assertEquals(List.of(1, 4, 4, 5), r.recordTypes(), "BEGIN_REQUEST, PARAMS, empty PARAMS, empty STDIN");
        assertEquals(0, r.stdinBytes());
        Map<String, String> p = r.params();
        assertEquals("/ping", p.get("SCRIPT_NAME"));
        assertEquals("GET", p.get("REQUEST_METHOD"));
        assertEquals("/ping", p.get("REQUEST_URI"));
        assertEquals("/ping", p.get("SCRIPT_FILENAME"));
        assertEquals("", p.get("QUERY_STRING"));
        assertEquals("0", p.get("CONTENT_LENGTH"));
        assertEquals("CGI/1.1", p.get("GATEWAY_INTERFACE"));
    }

    @Test
    void anAnswerWithoutStatusIs200() throws Exception {
        server.answer = Answer.stdout("Content-Type: text/plain\n\npong");
        assertEquals(Attempt.PASS, attempt(check("body: pong")));
    }

    @Test
    void failsOnAStatusOutsideTheRange() throws Exception {
        server.answer = Answer.of(503, "busy");
        assertEquals(fail("503 from " + where("/ping")), attempt(check("")));
    }

    @Test
    void aFailingStatusNamesTheFirstLineOfStderr() throws Exception {
        server.answer = Answer.of(500, "").stderr("PHP Fatal error: boom\nStack trace:\n#0 {main}");
        assertEquals(fail("500 from " + where("/ping") + " (stderr: PHP Fatal error: boom)"), attempt(check("")));
    }

    @Test
    void aConfiguredStatusPasses() throws Exception {
        server.answer = Answer.of(404, "File not found.");
        assertEquals(Attempt.PASS, attempt(check("status: 404")));
    }

    @Test
    void failsWhenTheBodyDoesNotMatch() throws Exception {
        server.answer = Answer.of(200, "pang");
        assertEquals(fail("body from " + where("/ping") + " does not match /^pong$/"), attempt(check("body: \"^pong$\"")));
    }

    @Test
    void bodyWithChildPidPassesOnlyForTheChild() throws Exception {
        Probe probe = probe(check("body: \"^pid={{child_pid}}$\""));
        server.answer = Answer.of(200, "pid=4242");
        assertEquals(Attempt.PASS, probe.attempt(ctx, Duration.ofSeconds(2)));
        server.answer = Answer.of(200, "pid=1234");
        assertEquals(fail("body from " + where("/ping") + " does not match /^pid=4242$/"),
                probe.attempt(ctx, Duration.ofSeconds(2)));
    }

    @ParameterizedTest
    @CsvSource({
        "1, the server refused the request (FCGI_CANT_MPX_CONN)",
        "2, the server is overloaded (FCGI_OVERLOADED)",
        "3, the server does not play the Responder role (FCGI_UNKNOWN_ROLE)",
        "9, END_REQUEST with protocol status 9"})
    void aRefusedRequestNamesTheProtocolStatus(int protocolStatus, String problem) throws Exception {
        server.answer = Answer.stdout("").protocolStatus(protocolStatus);
        assertEquals(fail(problem + " from " + where("/ping")), attempt(check("")));
    }

    @Test
    void theServerClosingBeforeEndRequest() throws Exception {
        server.answer = Answer.PONG.closingEarly();
        assertEquals(fail("the server closed the connection before END_REQUEST from " + where("/ping")),
                attempt(check("")));
    }

    @Test
    void anAnswerWithoutCgiHeaders() throws Exception {
        server.answer = Answer.stdout("pong");
        assertEquals(fail("an answer without CGI headers from " + where("/ping")), attempt(check("")));
    }

    @Test
    void noAnswerWithinTheTimeout() throws Exception {
        server.answer = Answer.PONG.hung();
        assertEquals(fail("no answer from " + where("/ping") + " within 300ms (waiting for the answer)"),
                timedAttempt(check("timeout: 300ms")));
        assertEquals("/ping", next(server.requests).params().get("SCRIPT_NAME"));
    }

    @Test
    void anAnswerDribbledAByteAtATimeInSmallRecords() throws Exception {
        server.answer = Answer.of(200, "pong").dribbled(5);
        assertEquals(Attempt.PASS, attempt(check("body: \"^pong$\"")));
    }

    @Test
    void aLongAnswerInManyRecords() throws Exception {
        server.answer = Answer.of(200, "x".repeat(30_000) + "end").inRecordsOf(999);
        assertEquals(Attempt.PASS, attempt(check("body: \"^x{30000}end$\"")));
    }

    @Test
    void pathScriptFilenameAndParamsReachTheServer() throws Exception {
        String longValue = "v".repeat(300);
        assertEquals(Attempt.PASS, attempt(check("""
                path: "/status?json&full"
                script_filename: /var/www/status.php
                params: {HTTP_HOST: app.example.com, LONG_VALUE: "%s", SERVER_PORT: "8080"}
                """.formatted(longValue))));
        Map<String, String> p = next(server.requests).params();
        assertEquals("/status?json&full", p.get("REQUEST_URI"));
        assertEquals("/status", p.get("SCRIPT_NAME"));
        assertEquals("/status", p.get("DOCUMENT_URI"));
        assertEquals("json&full", p.get("QUERY_STRING"));
        assertEquals("/var/www/status.php", p.get("SCRIPT_FILENAME"));
        assertEquals("app.example.com", p.get("HTTP_HOST"));
        assertEquals(longValue, p.get("LONG_VALUE"));
        assertEquals("8080", p.get("SERVER_PORT"), "params override the defaults");
    }

    @Test
    void aFailureNamesTheConfiguredPath() throws Exception {
        server.answer = Answer.of(404, "File not found.");
        assertEquals(fail("404 from " + where("/fpm-ping")), attempt(check("path: /fpm-ping")));
        assertEquals("/fpm-ping", next(server.requests).params().get("SCRIPT_NAME"));
    }

    @Test
    void headersEndedByBareNewlinesBeforeABodyWithCrLf() throws Exception {
        server.answer = Answer.stdout("Status: 200 OK\nContent-Type: text/html\n\n<p>\r\n\r\npong</p>");
        assertEquals(Attempt.PASS, attempt(check("body: \"pong\"")));
    }

    @Test
    void anInterruptEndsAnAttemptThatWaitsForTheAnswer() throws Exception {
        server.answer = Answer.PONG.hung();
        Probe probe = probe(check(""));
        BlockingQueue<Object> outcome = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try {
                outcome.add(probe.attempt(ctx, Duration.ofSeconds(30)));
            } catch (Throwable e) {
                outcome.add(e);
            }
        }, "fastcgi-attempt");
        t.setDaemon(true);
        t.start();
        next(server.requests); // the whole request arrived: the attempt waits for the answer
        long start = System.nanoTime();
        t.interrupt();
        assertInstanceOf(InterruptedException.class, next(outcome));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "the attempt ends soon after the interrupt");
    }
}
