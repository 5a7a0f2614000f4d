package dev.baton.healthcheck.fastcgi;

import dev.baton.healthcheck.net.HostPort;
import dev.baton.healthcheck.net.UnixPath;

import java.nio.file.Path;
import java.util.Optional;

/** Where a FastCGI server listens: {@code tcp://host:port} (or {@code host:port}), or {@code unix:///path}. */
public record FastCgiAddress(String host, int port, Optional<Path> unix) {
    public static final String EXPECTED = "tcp://HOST:PORT or unix:///PATH, e.g. unix:///run/php/php-fpm.sock";

    public static Optional<FastCgiAddress> parse(String text) {
        if (text.startsWith("unix://")) {
            String p = text.substring("unix://".length());
            if (!p.startsWith("/") || !UnixPath.fits(p)) {
                return Optional.empty();
            }
            return Optional.of(new FastCgiAddress("", 0, Optional.of(Path.of(p).normalize())));
        }
        String hp = text.startsWith("tcp://") ? text.substring("tcp://".length()) : text;
        return HostPort.parse(hp).map(h -> new FastCgiAddress(h.host(), h.port(), Optional.empty()));
    }

    @Override
    public String toString() {
        if (unix.isPresent()) {
            return "unix://" + unix.get();
        }
        return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
