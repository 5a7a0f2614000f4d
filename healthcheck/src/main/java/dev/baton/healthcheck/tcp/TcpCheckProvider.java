package dev.baton.healthcheck.tcp;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckSettings;
import dev.baton.core.spi.CheckTarget;
import dev.baton.core.spi.HealthCheckProvider;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Probe;
import dev.baton.core.spi.Quote;
import dev.baton.healthcheck.net.HostPort;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code tcp: {address: "127.0.0.1:8080"}}: healthy once a TCP connection is accepted. */
public final class TcpCheckProvider implements HealthCheckProvider {

    @Override
    public String kind() {
        return "tcp";
    }

    @Override
    public HealthCheckSpec parse(CheckSettings settings) throws CheckConfigException {
        String expected = "host:port, e.g. 127.0.0.1:8080 or [::1]:8080";
        String address = settings.requireString("address", expected);
        HostPort hp = HostPort.parse(address)
                .orElseThrow(() -> settings.error("address", Quote.value(address) + " is not host:port", expected));
        return new Spec(hp);
    }

    record Spec(HostPort address) implements HealthCheckSpec {
        @Override
        public String kind() {
            return "tcp";
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", address.toString());
            return m;
        }

        @Override
        public List<CheckTarget> targets() {
            return List.of(CheckTarget.tcp(address.host(), address.port(), false));
        }

        @Override
        public Probe newProbe() {
            return (context, timeout) -> connect(address, timeout);
        }
    }

    static Attempt connect(HostPort address, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address.host(), address.port()), (int) Math.max(1, timeout.toMillis()));
            return Attempt.PASS;
        } catch (ConnectException e) {
            return Attempt.fail("connection refused by " + address);
        } catch (SocketTimeoutException e) {
            return Attempt.fail("no answer from " + address + " within " + timeout.toMillis() + "ms");
        } catch (UnknownHostException e) {
            return Attempt.fail("unknown host " + address.host());
        } catch (IOException e) {
            return Attempt.fail(e.getMessage() + " (" + address + ")");
        }
    }
}
