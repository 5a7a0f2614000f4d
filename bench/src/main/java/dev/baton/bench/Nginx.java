package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A real nginx (Debian's) on loopback, in front of two alternating app ports. */
final class Nginx implements AutoCloseable {
    private final Process process;

    private Nginx(Process process) {
        this.process = process;
    }

    static Nginx start(Path dir, int listen, int upstream1, int upstream2, Map<String, String> env) throws IOException {
        Path prefix = Files.createDirectories(dir.resolve("nginx"));
        Files.createDirectories(prefix.resolve("logs"));
        String conf = String.join("\n",
                "worker_processes 1;",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + prefix.resolve("logs/error.log") + " warn;",
                "events { worker_connections 2048; }",
                "http {",
                "  access_log off;",
                "  upstream app {",
                // max_fails=0: a port that refuses is never marked down. At each flip the new
                // generation's port refused until moments ago, and the old one starts refusing
                // right after; with max_fails=1 fail_timeout=2s both end up marked down and
                // nginx answers 502 "no live upstreams" for up to 2 s. A refused connect on
                // loopback costs microseconds, and proxy_next_upstream sends the request on.
                "    server 127.0.0.1:" + upstream1 + " max_fails=0;",
                "    server 127.0.0.1:" + upstream2 + " max_fails=0;",
                "  }",
                "  server {",
                "    listen 127.0.0.1:" + listen + ";",
                "    location / {",
                "      proxy_pass http://app;",
                "      proxy_next_upstream error timeout http_502;",
                "      proxy_next_upstream_tries 2;",
                "      proxy_connect_timeout 1s;",
                "    }",
                "  }",
                "}", "");
        Files.writeString(prefix.resolve("nginx.conf"), conf);
        String nginx = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        ProcessBuilder pb = new ProcessBuilder(nginx, "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf").toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(prefix.resolve("logs/stdout.log").toFile());
        pb.environment().putAll(env);
        try {
            return new Nginx(pb.start());
        } catch (IOException e) {
            throw new IOException("cannot start nginx (Debian: apt-get install nginx-light; scripts/bench.sh does): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM to the master, which stops its worker
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
