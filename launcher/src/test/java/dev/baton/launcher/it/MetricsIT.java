package dev.baton.launcher.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code metrics:} against a real Prometheus (Debian's prometheus package), started by the test
 * on loopback and scraping baton every second through two re-exec flips: the listener is handed
 * from baton to baton, no scrape fails, and {@code baton_flips_total} read back through
 * Prometheus's HTTP API goes on counting across the new batons. The textfile is replaced whole at
 * each event, and promtool accepts it.
 */
class MetricsIT extends ItBase {
    static final Duration FLIP = Duration.ofSeconds(30);
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    int port;
    int metricsPort;
    int prometheusPort;
    Path textfile;

    @BeforeEach
    void setUp() throws IOException {
        assertTrue(Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL),
                "prometheus and promtool are missing: install Debian's prometheus package (apt-get install prometheus)");
        port = Http.freePort();
        metricsPort = Http.freePort();
        prometheusPort = Http.freePort();
        pidfile = dir.resolve("baton.pid");
        textfile = Files.createDirectory(dir.resolve("textfile")).resolve("baton.prom");
    }

    String config() {
        return String.join("\n",
                "command: " + app("--port", Integer.toString(port), "--ready-file",
                        dir.resolve("ready-{{generation}}").toString()),
                "pidfile: " + pidfile,
                "upgrade: {mode: reexec, timeout: 20s, start_allowance: 20s}",
                "shutdown: {timeout: 2s}",
                "healthcheck: " + readyFileCheck(dir.resolve("ready-{{generation}}")),
                "metrics: {listen: 127.0.0.1:" + metricsPort + ", textfile: " + textfile + "}",
                "");
    }

    @Test
    void prometheusScrapesBatonThroughReexecFlipsAndTheFlipCountGoesOn() throws Exception {
        Baton first = run(write("app.yaml", config()));
        first.awaitReady();
        Process prometheus = startPrometheus();
        try {
            Await.until("Prometheus to scrape baton", Duration.ofSeconds(30),
                    () -> query("up{job=\"baton\"}").equals(Optional.of(1.0)), () -> prometheusLog());
            Await.until("the textfile", Duration.ofSeconds(5), () -> Files.exists(textfile));
            // held open across the flips: a file replaced by rename keeps its old content under this fd
            java.nio.channels.FileChannel before = java.nio.channels.FileChannel.open(textfile);

            for (int n = 1; n <= 2; n++) {
                long inCharge = dev.baton.core.supervisor.Pidfile.read(pidfile).orElseThrow();
                Procs.kill(inCharge, "HUP");
                first.awaitLog("flip ended: the old baton has exited", n, FLIP);
            }
            first.awaitExit(Duration.ofSeconds(10));
            long newBaton = dev.baton.core.supervisor.Pidfile.read(pidfile).orElseThrow();
            assertNotEquals(first.pid(), newBaton);

            String committed = "baton_flips_total{job=\"baton\",result=\"committed\"}";
            Await.until("Prometheus to read 2 committed flips from the second new baton", Duration.ofSeconds(20),
                    () -> query(committed).equals(Optional.of(2.0)) && query("baton_generation").equals(
                            Optional.of(3.0)), () -> "\n" + committed + " = " + query(committed) + "\n" + first.log());
            assertEquals(Optional.of(0.0), query("baton_flips_total{result=\"failed\"}"));
            assertEquals(Optional.of(1.0), query("min_over_time(up{job=\"baton\"}[5m])"),
                    "a scrape failed during the flips: the listener did not survive them");
            assertEquals(Optional.of(2.0), query(
                    "max_over_time(baton_flip_duration_seconds_count{phase=\"new_baton_started\"}[5m])"));

            String text = Files.readString(textfile);
            assertTrue(text.contains("baton_flips_total{result=\"committed\"} 2\n"), text);
            assertTrue(text.contains("baton_generation 3\n"), text);
            java.nio.ByteBuffer old = java.nio.ByteBuffer.allocate(1 << 20);
            while (before.read(old) > 0) {
                continue;
            }
            before.close();
            String oldText = new String(old.array(), 0, old.position(), StandardCharsets.UTF_8);
            assertTrue(oldText.contains("baton_flips_total{result=\"committed\"} 0\n")
                    && oldText.contains("baton_generation 1\n") && oldText.contains("baton_build_info{version="),
                    "the textfile was written in place, not replaced whole by a rename: the old one reads\n" + oldText);
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(textfile)));
            try (Stream<Path> files = Files.list(textfile.getParent())) {
                assertEquals(List.of(textfile), files.toList(), "a temp file was left beside the textfile");
            }
            assertEquals("", promtool(text));

            Procs.kill(newBaton, "TERM");
            Await.until("the new baton to exit", Duration.ofSeconds(10), () -> !Procs.alive(newBaton));
        } finally {
            prometheus.destroy(); // SIGTERM to its pid
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aUnixSocketListenerAnswersMetricsAndOnlyMetrics() throws Exception {
        Path socket = dir.resolve("metrics.sock");
        Baton b = run(write("app.yaml", config().replace("listen: 127.0.0.1:" + metricsPort, "listen: \"unix:" + socket
                + "\"")));
        b.awaitReady();
        // a client that sends nothing holds one connection's thread only (until its deadline): others are served
        java.nio.channels.SocketChannel silent = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(socket));
        String ok = unixGet(socket, "GET /metrics HTTP/1.1\r\nHost: x\r\nUser-Agent: it\r\n\r\n");
        silent.close();
        assertTrue(ok.startsWith("HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4"), ok);
        String body = ok.substring(ok.indexOf("\r\n\r\n") + 4);
        assertTrue(body.contains("baton_child_up 1\n") && body.contains("baton_generation 1\n"), body);
        assertEquals("", promtool(body));
        assertTrue(unixGet(socket, "GET /other HTTP/1.0\r\n\r\n").startsWith("HTTP/1.0 404 "));
        b.close();
    }

    /** Sends {@code request} on the unix socket and reads the answer to its end. */
    private static String unixGet(Path socket, String request) throws IOException {
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(socket))) {
            ch.write(java.nio.ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private Process startPrometheus() throws IOException {
        Path config = write("prometheus.yml", String.join("\n",
                "global: {scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s}",
                "scrape_configs:",
                "  - job_name: baton",
                "    static_configs: [{targets: [\"127.0.0.1:" + metricsPort + "\"]}]",
                ""));
        ProcessBuilder pb = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + prometheusPort, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--log.level=warn");
        pb.environment().putAll(env());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile());
        return pb.start();
    }

    private String prometheusLog() {
        return "\n--- prometheus log ---\n" + String.join("\n", lines(dir.resolve("prometheus.log")));
    }

    private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]");

    /** The value of an instant query's single result, through Prometheus's HTTP API; empty if none (yet). */
    private Optional<Double> query(String promql) {
        Optional<String> body = Http.get(prometheusPort,
                "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = VALUE.matcher(body.get());
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }

    private static String promtool(String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not end");
        assertEquals(0, p.exitValue(), "promtool check metrics failed:\n" + out);
        return out;
    }
}
