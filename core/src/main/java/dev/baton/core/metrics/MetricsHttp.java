package dev.baton.core.metrics;

import dev.baton.core.os.linux.LineServer;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A tiny HTTP/1.0 responder for {@code metrics.listen}: {@code GET /metrics} (and {@code HEAD})
 * answer the text format, any other path 404, any other method 405; every response closes its
 * connection. The accept loop is {@link LineServer}'s (it outlives EMFILE, caps the connections
 * served at once); a client has {@value #CLIENT_SECONDS} s to send its request and to take the
 * answer. Nothing here logs.
 */
public final class MetricsHttp implements LineServer.Session {
    static final long CLIENT_SECONDS = 10;
    static final int MAX_HEADER_LINES = 100;
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> metrics;
    private volatile LineServer server;

    MetricsHttp(Supplier<String> metrics) { // package-private: the tests ask it for answers without a socket
        this.metrics = metrics;
    }

    /** Serves the listening socket {@code fd} from now on, on a thread of its own. */
    public static MetricsHttp start(int fd, Supplier<String> metrics) {
        MetricsHttp http = new MetricsHttp(metrics);
        http.server = LineServer.start(fd, http, "baton-metrics");
        return http;
    }

    /** Accepts no more connections (this baton handed over; the new one serves the same socket). */
    public void stopAccepting() {
        server.stop();
    }

    @Override
    public String busy(String why) {
        return "HTTP/1.0 503 Service Unavailable\r"; // the line end follows; the connection closes
    }

    @Override
    public void serve(LineServer.Connection c) {
        long deadline = System.nanoTime() + CLIENT_SECONDS * 1_000_000_000L;
        String request = c.readLine(deadline);
        if (request == null) {
            return;
        }
        for (int i = 0; ; i++) { // the headers, read to the blank line: closing with unread bytes would reset
            String header = c.readLine(deadline);
            if (header == null || i >= MAX_HEADER_LINES) {
                return;
            }
            if (header.isEmpty() || header.equals("\r")) {
                break;
            }
        }
        c.write(answer(request.strip()), deadline);
    }

    /** The whole response to {@code requestLine} ({@code GET /metrics HTTP/1.1}). */
    byte[] answer(String requestLine) {
        String[] parts = requestLine.split(" ");
        if (parts.length < 2) {
            return response("400 Bad Request", "text/plain", "bad request\n", true);
        }
        String path = parts[1];
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        boolean head = parts[0].equals("HEAD");
        if (!head && !parts[0].equals("GET")) {
            return response("405 Method Not Allowed", "text/plain", "only GET and HEAD\n", true);
        }
        if (!path.equals("/metrics")) {
            return response("404 Not Found", "text/plain", "baton serves /metrics only\n", !head);
        }
        return response("200 OK", CONTENT_TYPE, metrics.get(), !head);
    }

    private static byte[] response(String status, String type, String body, boolean withBody) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.0 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        if (!withBody) {
            return h;
        }
        byte[] all = java.util.Arrays.copyOf(h, h.length + b.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }
}
