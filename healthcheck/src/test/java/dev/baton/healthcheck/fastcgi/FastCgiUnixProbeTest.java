package dev.baton.healthcheck.fastcgi;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code fastcgi:} over a unix socket, as php-fpm usually listens. */
class FastCgiUnixProbeTest extends FastCgiProbeContract {

    Path socket() {
        return dir.resolve("php-fpm.sock");
    }

    @Override
    FastCgiTestServer start() throws Exception {
        return FastCgiTestServer.unix(socket());
    }

    @Override
    String address() {
        return "unix://" + socket();
    }

    @Override
    String where(String path) {
        return "unix://" + socket() + " " + path;
    }

    @Test
    void connectionRefusedByAStaleSocket() throws Exception {
        Path stale = staleSocket(dir.resolve("stale.sock"));
        assertEquals(fail("connection refused by " + stale + " (nothing listens there)"),
                attempt("fastcgi: {address: \"unix://" + stale + "\"}"));
    }

    @Test
    void noSocketAtAMissingPath() throws Exception {
        Path missing = dir.resolve("missing.sock");
        assertEquals(fail("no socket at " + missing), attempt("fastcgi: {address: \"unix://" + missing + "\"}"));
    }
}
