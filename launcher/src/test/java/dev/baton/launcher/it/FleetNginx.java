package dev.baton.launcher.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's nginx on loopback, in front of a fleet: every host an upstream, a request that meets a
 * connect error or a timeout sent on to the next host. Started in the foreground with its own prefix.
 */
final class FleetNginx implements AutoCloseable {
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private final Process process;
    private final Path prefix;
    final int port;

    FleetNginx(Path dir, List<String> upstreams) {
        if (!Files.isExecutable(NGINX)) {
            fail("no " + NGINX + ": install Debian's nginx (./test.sh does)");
        }
        port = Http.freePort();
        prefix = dir.resolve("nginx");
        StringBuilder servers = new StringBuilder();
        for (String u : upstreams) {
            // max_fails=0: never marked down; a refused connect is cheap and goes on to the next host
            servers.append("    server ").append(u).append(" max_fails=0;\n");
        }
        String conf = String.join("\n",
                "worker_processes 1;",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + prefix.resolve("logs/error.log") + " warn;",
                "events { worker_connections 1024; }",
                "http {",
                "  access_log off;",
                "  upstream fleet {",
                servers + "  }",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location / {",
                "      proxy_pass http://fleet;",
                "      proxy_next_upstream error timeout;",
                "      proxy_connect_timeout 1s;",
                "      proxy_read_timeout 10s;",
                "    }",
                "  }",
                "}", "");
        try {
            Files.createDirectories(prefix.resolve("logs"));
            Files.writeString(prefix.resolve("nginx.conf"), conf);
            process = new ProcessBuilder(NGINX.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(),
                    "-g", "daemon off;").redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError("cannot start nginx: " + e.getMessage(), e);
        }
        Await.until("nginx to answer on 127.0.0.1:" + port, Duration.ofSeconds(15),
                () -> Http.get(port, "/").isPresent() || !process.isAlive(), this::errorLog);
        if (!process.isAlive()) {
            fail("nginx exited " + process.exitValue() + errorLog());
        }
    }

    String errorLog() {
        try {
            return "\nnginx error log:\n" + Files.readString(prefix.resolve("logs/error.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the master stops its worker
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
