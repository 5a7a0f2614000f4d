package dev.baton.healthcheck.http;

import dev.baton.healthcheck.ProbeTestSupport;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The JDK's HTTP(S) server on loopback: answers every request with {@link #reply} and records it. */
final class HttpTestServer implements AutoCloseable {
    final BlockingQueue<SeenRequest> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> clientPorts = new LinkedBlockingQueue<>();
    volatile Reply reply = Reply.OK;
    private final HttpServer server;

    private HttpTestServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    static HttpTestServer http() throws IOException {
        return new HttpTestServer(HttpServer.create(new InetSocketAddress(ProbeTestSupport.LOOPBACK, 0), 0));
    }

    static HttpTestServer https(SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(ProbeTestSupport.LOOPBACK, 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new HttpTestServer(s);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code scheme://127.0.0.1:port/health}. */
    String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + port() + "/health";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            requests.add(new SeenRequest(ex.getRequestMethod(), ex.getRequestURI().toString(), ex.getRequestHeaders()));
            clientPorts.add(ex.getRemoteAddress().getPort());
            Reply r = reply;
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                ex.getResponseHeaders().add(h.getKey(), h.getValue());
            }
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            boolean noBody = ex.getRequestMethod().equals("HEAD") || body.length == 0;
            ex.sendResponseHeaders(r.status(), noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
