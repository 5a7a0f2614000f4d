package dev.baton.healthcheck;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.ConfigLoader;
import dev.baton.core.config.SystemLookup;
import dev.baton.core.config.TemplateVars;
import dev.baton.core.config.TestSystem;
import dev.baton.core.health.CheckPlan;
import dev.baton.core.health.HealthChecks;
import dev.baton.core.health.PolicyPlan;
import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads a check from YAML with the real providers, runs its probe against servers the test starts,
 * and closes probes and servers after each test.
 */
public abstract class ProbeTestSupport {
    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    public Path dir;
    public final TestContext ctx = new TestContext();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Closed after the test, last registered first. */
    public <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    @AfterEach
    public void closeAll() throws Exception {
        Exception first = null;
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        toClose.clear();
        if (first != null) {
            throw first;
        }
    }

    /** The plan of {@code healthcheck:} holding {@code check} (YAML, e.g. "tcp: {address: ...}"). */
    public PolicyPlan plan(String check) throws Exception {
        Path app = dir.resolve("app");
        if (!Files.exists(app)) {
            Files.writeString(app, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path file = dir.resolve("baton.yaml");
        Files.writeString(file, "command: ./app\nhealthcheck:\n" + check.indent(2));
        BatonConfig config = new ConfigLoader(HealthChecks.fromClassPath(), system(dir)).load(file, TemplateVars.FIRST);
        CheckPlan plan = config.healthcheck();
        return assertInstanceOf(PolicyPlan.class, plan);
    }

    /** A fresh probe of the check, closed after the test. */
    public Probe probe(String check) throws Exception {
        return closeLater(plan(check).spec().newProbe());
    }

    /** One attempt of a new probe of {@code check}, with the timeout the check configures. */
    public Attempt attempt(String check) throws Exception {
        PolicyPlan plan = plan(check);
        Probe probe = closeLater(plan.spec().newProbe());
        return probe.attempt(ctx, plan.policy().timeout());
    }

    /** An attempt that must end within {@code timeout} plus 2s (it may take a little longer than the timeout). */
    public Attempt timedAttempt(String check) throws Exception {
        PolicyPlan plan = plan(check);
        Probe probe = closeLater(plan.spec().newProbe());
        Duration timeout = plan.policy().timeout();
        long start = System.nanoTime();
        Attempt a = probe.attempt(ctx, timeout);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= timeout.toMillis() - 50, "returned after only " + tookMs + "ms: " + a);
        assertTrue(tookMs < timeout.toMillis() + 2000, "took " + tookMs + "ms with a timeout of " + timeout.toMillis()
                + "ms: " + a);
        return a;
    }

    public static Attempt fail(String reason) {
        return Attempt.fail(reason);
    }

    /** A TCP port on loopback that nothing listens on (it was free a moment ago). */
    public static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    /** A unix socket file that nothing listens on any more. */
    public static Path staleSocket(Path path) throws IOException {
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(path));
        }
        assertTrue(Files.exists(path), "a closed unix socket leaves its file: " + path);
        return path;
    }

    /**
     * A unix socket whose listener never accepts and whose backlog is full: clients connect without
     * blocking until the kernel refuses more (EAGAIN). All of it is closed after the test.
     */
    public Path fullBacklog(Path path) throws IOException {
        ServerSocketChannel server = closeLater(ServerSocketChannel.open(StandardProtocolFamily.UNIX));
        server.bind(UnixDomainSocketAddress.of(path), 1);
        for (int i = 0; i < 64; i++) {
            SocketChannel c = closeLater(SocketChannel.open(StandardProtocolFamily.UNIX));
            c.configureBlocking(false);
            try {
                c.connect(UnixDomainSocketAddress.of(path));
            } catch (IOException e) {
                assertTrue(String.valueOf(e.getMessage()).contains("Resource temporarily unavailable"), e::toString);
                return path;
            }
        }
        throw new AssertionError("the backlog of " + path + " never filled up");
    }

    /**
     * A listener that never accepts, with its accept queue full: Linux then drops new SYNs, so a
     * connect gets no answer. Returns its port; all is closed after the test.
     */
    public int fullTcpBacklog() throws IOException {
        ServerSocketChannel server = closeLater(ServerSocketChannel.open());
        server.bind(loopback(0), 1);
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        Selector selector = closeLater(Selector.open());
        for (int i = 0; i < 16; i++) {
            SocketChannel c = closeLater(SocketChannel.open());
            c.configureBlocking(false);
            if (c.connect(loopback(port))) {
                continue;
            }
            SelectionKey key = c.register(selector, SelectionKey.OP_CONNECT);
            // a connect on loopback completes at once unless the listener dropped the SYN
            if (selector.select(500) == 0) {
                return port;
            }
            selector.selectedKeys().clear();
            c.finishConnect();
            key.cancel();
            selector.selectNow();
        }
        throw new AssertionError("the accept queue of port " + port + " never filled up");
    }

    public static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(LOOPBACK, port);
    }

    /** A host without real users: only what config loading needs. */
    public static SystemLookup system(Path cwd) {
        TestSystem system = new TestSystem(cwd);
        system.env.put("PATH", cwd.resolve("bin").toString());
        system.env.put("HOME", "/home/app");
        system.users.put("root", 0);
        system.passwd.put(0, 0);
        system.groups.put("root", 0);
        return system;
    }
}
