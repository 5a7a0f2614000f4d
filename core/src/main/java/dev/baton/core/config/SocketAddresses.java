package dev.baton.core.config;

import dev.baton.core.os.ListenAddress;
import dev.baton.core.spi.Quote;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The address checks that {@code listeners[].address} and {@code metrics.listen} share: a unix
 * socket path (absolute, short enough for sun_path, in an existing directory) and HOST:PORT or
 * [IPV6]:PORT, resolved. Offline ({@link HostChecks}), the directory is not looked at and a host
 * name is not resolved; {@code what} names the key in the line that says so.
 */
final class SocketAddresses {
    private SocketAddresses() {
    }

    /** {@code path}: what follows the scheme in {@code text}; {@code absolute}: the expected form for a relative one. */
    static ListenAddress.Unix unix(ConfigNode n, String text, String path, String absolute, HostChecks checks,
            String what) throws ConfigException {
        if (!path.startsWith("/")) {
            throw n.error(Quote.value(text) + " is not an absolute unix socket path", absolute);
        }
        if (!ListenAddress.Unix.fits(path)) {
            throw n.error("the path is longer than " + ListenAddress.Unix.PATH_MAX + " bytes", "a shorter unix socket path");
        }
        Path p = Path.of(path).normalize();
        if (checks.isOffline()) {
            checks.skip(what + " " + p + ": its directory not checked");
            return new ListenAddress.Unix(p);
        }
        if (p.getParent() == null || !Files.isDirectory(p.getParent())) {
            throw n.error("directory " + p.getParent() + " does not exist", "a socket in an existing directory");
        }
        if (Files.isDirectory(p)) {
            throw n.error(p + " is a directory", "a socket path");
        }
        return new ListenAddress.Unix(p);
    }

    /**
     * {@code hostPort}: what follows the scheme in {@code text}; {@code bracketed}: the IPv6 form
     * as the key writes it, for its error; {@code expected}: the key's forms.
     */
    static ListenAddress.Tcp tcp(ConfigNode n, String text, String hostPort, String bracketed, String expected,
            HostChecks checks, String what) throws ConfigException {
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
                throw n.error(Quote.value(text) + " is not " + bracketed, expected);
            }
            host = hostPort.substring(1, close);
            port = hostPort.substring(close + 2);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || hostPort.indexOf(':') != colon) {
                throw n.error(Quote.value(text) + " has no host:port", expected);
            }
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) {
            throw n.error(Quote.value(port) + " is not a port", "a port from 1 to 65535");
        }
        boolean literal = host.matches("[0-9.]+") || host.contains(":");
        try {
            if (checks.isOffline() && !literal) {
                checks.skip(what + " host " + host + ": not resolved");
                return new ListenAddress.Tcp(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}), p);
            }
            return new ListenAddress.Tcp(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw n.error("cannot resolve host " + Quote.value(host), "an IP address or a resolvable host name");
        }
    }
}
