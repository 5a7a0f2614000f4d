package dev.baton.core.metrics;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The responses of the metrics responder (its socket is {@code LineServer}'s, exercised by MetricsIT). */
class MetricsHttpTest {
    private final MetricsHttp http = new MetricsHttp(() -> "m 1\n");

    private String answer(String requestLine) {
        return new String(http.answer(requestLine), StandardCharsets.UTF_8);
    }

    @Test
    void getMetricsAnswersTheTextFormatAndCloses() {
        assertEquals("HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
                + "Content-Length: 4\r\nConnection: close\r\n\r\nm 1\n", answer("GET /metrics HTTP/1.1"));
        assertTrue(answer("GET /metrics?x=1 HTTP/1.0").endsWith("\r\n\r\nm 1\n"), "a query is ignored");
    }

    @Test
    void headHasTheHeadersOnly() {
        assertTrue(answer("HEAD /metrics HTTP/1.1").endsWith("Content-Length: 4\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void otherPathsMethodsAndGarbageAreRefused() {
        assertTrue(answer("GET / HTTP/1.1").startsWith("HTTP/1.0 404 Not Found\r\n"));
        assertTrue(answer("POST /metrics HTTP/1.1").startsWith("HTTP/1.0 405 Method Not Allowed\r\n"));
        assertTrue(answer("\u0016\u0003\u0001").startsWith("HTTP/1.0 400 Bad Request\r\n"), "a TLS hello");
    }
}
