package dev.baton.healthcheck.unix;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.CheckSettings;
import dev.baton.core.spi.CheckTarget;
import dev.baton.core.spi.HealthCheckProvider;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Probe;
import dev.baton.healthcheck.net.UnixPath;
import dev.baton.healthcheck.net.UnixSocketErrors;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code unix: {path: /run/app/app.sock}}: healthy once a connection to the unix stream socket is accepted. */
public final class UnixCheckProvider implements HealthCheckProvider {

    @Override
    public String kind() {
        return "unix";
    }

    @Override
    public HealthCheckSpec parse(CheckSettings settings) throws CheckConfigException {
        String expected = "the path of a unix stream socket, e.g. /run/app/app.sock";
        Path path = settings.path("path", expected)
                .orElseThrow(() -> settings.error("path", "`path` is missing", expected));
        if (!UnixPath.fits(path.toString())) {
            throw settings.error("path", "\"" + path + "\" is longer than a unix socket path can be ("
                    + UnixPath.PATH_MAX + " bytes)",
                    "a shorter path");
        }
        return new Spec(path);
    }

    record Spec(Path path) implements HealthCheckSpec {
        @Override
        public String kind() {
            return "unix";
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of("path", path.toString());
        }

        @Override
        public List<CheckTarget> targets() {
            return List.of(CheckTarget.unix(path, false));
        }

        @Override
        public Probe newProbe() {
            return (context, timeout) -> connect(path, timeout);
        }
    }

    static Attempt connect(Path path, Duration timeout) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.configureBlocking(false);
            if (ch.connect(UnixDomainSocketAddress.of(path))) {
                return Attempt.PASS;
            }
            try (Selector selector = Selector.open()) {
                ch.register(selector, SelectionKey.OP_CONNECT);
                if (selector.select(Math.max(1, timeout.toMillis())) == 0) {
                    return Attempt.fail("no answer from " + path + " within " + timeout.toMillis() + "ms");
                }
                ch.finishConnect();
                return Attempt.PASS;
            }
        } catch (IOException e) {
            return Attempt.fail(UnixSocketErrors.reason(path, e.getMessage()));
        }
    }
}
