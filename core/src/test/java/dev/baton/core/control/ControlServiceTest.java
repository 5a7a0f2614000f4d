package dev.baton.core.control;

import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenerConfig;
import dev.baton.core.os.linux.TestSockets;
import dev.baton.core.os.linux.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real control socket, served by {@link ControlService}, with the test in the loop's place. */
class ControlServiceTest {
    private static final int ROUNDS = 50;

    @TempDir
    Path dir;
    private int fd = -1;
    private final BlockingQueue<UpgradeReply> upgrades = new LinkedBlockingQueue<>();
    private ControlService service;

    @BeforeEach
    void serve() throws Exception {
        fd = TestSockets.listen(new ListenerConfig("control", new ListenAddress.Unix(dir.resolve("c.sock")), 16,
                Optional.of(0600), Optional.empty(), Optional.empty(), false));
        service = ControlService.start(fd, ProcessHandle.current().pid(), Users.effectiveUid(),
                new ControlService.Target() {
                    @Override
                    public String status() {
                        return "{}";
                    }

                    @Override
                    public void upgrade(UpgradeReply reply) {
                        upgrades.add(reply);
                    }

                    @Override
                    public void endProbation(boolean commit, ProbationReply reply) {
                        reply.none("no probation in this test");
                    }
                });
    }

    @AfterEach
    void close() {
        if (fd >= 0) {
            TestSockets.close(fd);
        }
    }

    /**
     * The old baton of a re-exec flip decides its {@code OK} and exits at once: by the time
     * {@code awaitAnswered} returns, the answer is in the client's socket buffer, every time.
     * Without the wait, the connection's thread is still writing when the test looks (and a real
     * baton would have exited: "closed the control connection without an answer").
     */
    @Test
    void anUpgradeDecidedByTheLoopIsWrittenBeforeAwaitAnsweredReturns() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            try (SocketChannel client = connect()) {
                assertTrue(readLine(client).startsWith("BATON "), "the banner");
                client.write(ByteBuffer.wrap("UPGRADE\n".getBytes(StandardCharsets.UTF_8)));
                UpgradeReply reply = upgrades.poll(10, TimeUnit.SECONDS);
                assertNotNull(reply, "the upgrade reached the loop");
                reply.succeeded(2, 4242, 4343, ProcessHandle.current().pid());
                assertTrue(service.awaitAnswered(Duration.ofSeconds(5)), "answered within the grace");
                client.configureBlocking(false);
                ByteBuffer buf = ByteBuffer.allocate(256);
                client.read(buf);
                String answer = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("OK generation=2 baton_pid=4242 child_pid=4343"),
                        "round " + round + ": the answer was there when awaitAnswered returned: '" + answer + "'");
            }
        }
    }

    /** A client that connected and says nothing holds no answer: an exiting baton does not wait for it. */
    @Test
    void aSilentClientDoesNotHoldUpAnExitingBaton() throws Exception {
        try (SocketChannel client = connect()) {
            assertTrue(readLine(client).startsWith("BATON "), "the banner");
            assertTrue(service.awaitAnswered(Duration.ofMillis(200)), "nothing to wait for");
        }
    }

    /** A request still waiting for its flip is not answered: the wait ends at its timeout and says so. */
    @Test
    void anUpgradeTheLoopNeverDecidedEndsTheWaitAtItsTimeout() throws Exception {
        try (SocketChannel client = connect()) {
            readLine(client);
            client.write(ByteBuffer.wrap("UPGRADE\n".getBytes(StandardCharsets.UTF_8)));
            UpgradeReply reply = upgrades.poll(10, TimeUnit.SECONDS);
            assertNotNull(reply);
            assertEquals(false, service.awaitAnswered(Duration.ofMillis(100)));
            reply.failed("baton is stopping");
            assertTrue(service.awaitAnswered(Duration.ofSeconds(5)));
            assertEquals("FAIL baton is stopping", readLine(client));
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
        c.connect(UnixDomainSocketAddress.of(dir.resolve("c.sock")));
        return c;
    }

    private static String readLine(SocketChannel c) throws IOException {
        StringBuilder sb = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (c.read(one) <= 0) {
                return sb.toString();
            }
            char ch = (char) one.get(0);
            if (ch == '\n') {
                return sb.toString();
            }
            sb.append(ch);
        }
    }
}
