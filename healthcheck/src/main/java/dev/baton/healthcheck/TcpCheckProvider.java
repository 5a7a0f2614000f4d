package dev.baton.healthcheck;

import dev.baton.core.config.ConfigException;
import dev.baton.core.config.Quote;
import dev.baton.core.health.Attempt;
import dev.baton.core.health.CheckContext;
import dev.baton.core.health.CheckSettings;
import dev.baton.core.health.Probe;
import dev.baton.core.health.HealthCheckProvider;
import dev.baton.core.health.HealthCheckSpec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code tcp: {address: "127.0.0.1:8080"}}: healthy once a TCP connection is accepted. */
public final class TcpCheckProvider implements HealthCheckProvider {

    @Override
    public String kind() {
        return "tcp";
    }

    @Override
    public HealthCheckSpec parse(CheckSettings settings) throws ConfigException {
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
        public java.util.List<dev.baton.core.health.CheckTarget> targets() {
            return java.util.List.of(dev.baton.core.health.CheckTarget.tcp(address.host(), address.port(), false));
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
