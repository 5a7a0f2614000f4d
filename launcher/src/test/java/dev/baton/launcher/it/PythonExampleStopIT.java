package dev.baton.launcher.it;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Python example's stop path, on its own (no baton): a SIGTERM must start its drain whenever it
 * arrives. {@code termhook.py} runs the app on a socket at fd 3 and sends the SIGTERM at the worst
 * moment on purpose: while the main thread holds the lock of the Event it waits on, which is where a
 * Python signal handler doing {@code Event.set()} deadlocks. An old child stuck like that never drains,
 * goes on serving, and is SIGKILLed at baton's {@code shutdown.timeout} with its connections in hand.
 */
class PythonExampleStopIT extends ItBase {
    private static final Duration STOP = Duration.ofSeconds(5);

    @Test
    void aTermAtTheWorstMomentStillDrainsTheApp() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", testapp().resolveSibling("termhook.py").toString(),
                ListenersIT.examples().resolve("listeners/python/app.py").toString())
                .redirectErrorStream(true);
        pb.environment().putAll(env());
        Process app = pb.start();
        List<String> out = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    out.add(line);
                }
            } catch (IOException e) {
                // the app is gone
            }
        }, "app-output");
        reader.setDaemon(true);
        reader.start();
        try {
            Await.until("termhook to send SIGTERM", Duration.ofSeconds(30), () -> has(out, "termhook: SIGTERM"),
                    () -> "\n" + out);
            String when = out.stream().filter(l -> l.startsWith("termhook: SIGTERM")).findFirst().orElseThrow()
                    .substring("termhook: SIGTERM ".length());
            if (!app.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                int port = Integer.parseInt(out.get(0).replace("termhook: port ", "").trim());
                fail("app.py did not exit within " + STOP.toMillis() + " ms of a SIGTERM sent " + when
                        + "; its drain never started, and GET / still gets: " + get(port) + "\n" + out);
            }
            assertEquals(0, app.exitValue(), "app.py's exit status\n" + out);
            assertTrue(has(out, "drained"), "app.py drained\n" + out);
        } finally {
            app.destroyForcibly();
            app.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static boolean has(List<String> lines, String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    /**
     * The status line and Connection header the app gives GET / on a new keep-alive connection (a
     * draining app says "Connection: close"), or what went wrong.
     */
    private static String get(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(2000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = s.getInputStream().read();
                if (c < 0) {
                    return head.isEmpty() ? "closed without an answer" : head.toString().trim();
                }
                head.append((char) c);
            }
            return head.toString().lines().filter(l -> l.startsWith("HTTP/") || l.startsWith("Connection:"))
                    .collect(Collectors.joining(", "));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
