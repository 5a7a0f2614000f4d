package dev.baton.launcher.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Minimal HTTP/1.0 GETs on loopback, one connection each. */
final class Http {
    private Http() {
    }

    /** The body of a 200 answer, or empty on any failure. */
    static Optional<String> get(int port, String path) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String resp = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!resp.startsWith("HTTP/1.0 200") && !resp.startsWith("HTTP/1.1 200")) {
                return Optional.empty();
            }
            int body = resp.indexOf("\r\n\r\n");
            return Optional.of(body < 0 ? "" : resp.substring(body + 4));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The pid the test app answers with on "/". */
    static long pid(int port) {
        return get(port, "/").filter(b -> b.startsWith("pid=")).map(b -> Long.parseLong(b.substring(4).trim()))
                .orElse(-1L);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
