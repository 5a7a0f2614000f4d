package dev.baton.healthcheck.unix;

import dev.baton.core.spi.Attempt;
import dev.baton.healthcheck.ChannelServer;
import dev.baton.healthcheck.ProbeTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code unix:} connects to a unix stream socket and nothing more. */
class UnixProbeTest extends ProbeTestSupport {
    Path socket;

    @BeforeEach
    void setUp() {
        socket = dir.resolve("app.sock");
    }

    private String check() {
        return "unix: {path: \"" + socket + "\", timeout: 300ms}";
    }

    @Test
    void passesWhenAServerListens() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        closeLater(ChannelServer.unix(socket, ChannelServer.hung(received)));
        assertEquals(Attempt.PASS, attempt(check()));
        assertEquals(Attempt.PASS, attempt(check()), "a second attempt connects again");
        assertTrue(received.isEmpty(), "the check sends nothing: " + received);
    }

    @Test
    void aRelativePathIsResolvedAgainstTheConfigFile() throws Exception {
        closeLater(ChannelServer.unix(socket, (in, out) -> ChannelServer.drain(in)));
        assertEquals(Attempt.PASS, attempt("unix: {path: app.sock}"));
    }

    @Test
    void connectionRefusedByAStaleSocket() throws Exception {
        staleSocket(socket);
        assertEquals(fail("connection refused by " + socket + " (nothing listens there)"), attempt(check()));
    }

    @Test
    void noSocketAtAMissingPath() throws Exception {
        assertEquals(fail("no socket at " + socket), attempt(check()));
    }

    @Test
    void aRegularFileIsNotASocket() throws Exception {
        Files.writeString(socket, "hello");
        assertEquals(fail(socket + " is not a socket"), attempt(check()));
    }

    @Test
    void aDirectoryIsNotASocket() throws Exception {
        Files.createDirectory(socket);
        assertEquals(fail(socket + " is not a socket"), attempt(check()));
    }

    @Test
    void aFullBacklogFailsAtOnce() throws Exception {
        fullBacklog(socket);
        long start = System.nanoTime();
        assertEquals(fail("the backlog of " + socket + " is full"), attempt(check()));
        assertTrue(System.nanoTime() - start < 2_300_000_000L, "the attempt must not wait much beyond its timeout");
    }
}
