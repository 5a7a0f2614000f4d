package dev.baton.core.config;

import dev.baton.core.os.ListenAddress;
import dev.baton.core.spi.Quote;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads {@code metrics: {listen: HOST:PORT | unix:/path, textfile: PATH.prom}}. */
final class MetricsReader {
    static final String LISTEN_EXPECTED = "HOST:PORT (e.g. 127.0.0.1:9464), [IPV6]:PORT or unix:/absolute/path";
    static final String TEXTFILE_EXPECTED = "a path ending in .prom in an existing directory (node_exporter's "
            + "--collector.textfile.directory)";

    private MetricsReader() {
    }

    /** {@code host} offline: the directories of the socket and the textfile are not looked at (and said so). */
    static MetricsConfig read(ConfigMap top, HostChecks host) throws ConfigException {
        Optional<ConfigNode> n = top.get("metrics");
        if (n.isEmpty()) {
            return MetricsConfig.NONE;
        }
        String expected = "a mapping with listen (" + LISTEN_EXPECTED + ") and/or textfile (a .prom file)";
        ConfigMap m = n.get().map(expected);
        Optional<ListenAddress> listen = Optional.empty();
        Optional<ConfigNode> listenNode = m.get("listen");
        if (listenNode.isPresent()) {
            listen = Optional.of(address(listenNode.get(), host));
        }
        Optional<Path> textfile = Optional.empty();
        Optional<ConfigNode> fileNode = m.get("textfile");
        if (fileNode.isPresent()) {
            textfile = Optional.of(textfile(fileNode.get(), host));
        }
        m.finish();
        if (listen.isEmpty() && textfile.isEmpty()) {
            throw n.get().error("neither listen nor textfile is set", expected);
        }
        return new MetricsConfig(listen, textfile);
    }

    static ListenAddress address(ConfigNode n, HostChecks checks) throws ConfigException {
        String t = n.text(LISTEN_EXPECTED);
        if (t.startsWith("unix:")) {
            String path = t.startsWith("unix://") ? t.substring("unix://".length()) : t.substring("unix:".length());
            if (!path.startsWith("/")) {
                throw n.error(Quote.value(t) + " is not an absolute unix socket path", "unix:/absolute/path");
            }
            if (!ListenAddress.Unix.fits(path)) {
                throw n.error("the path is longer than " + ListenAddress.Unix.PATH_MAX + " bytes",
                        "a shorter unix socket path");
            }
            Path p = Path.of(path).normalize();
            if (checks.isOffline()) {
                checks.skip("metrics.listen " + p + ": its directory not checked");
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
        String hostPort = t.startsWith("tcp://") ? t.substring("tcp://".length()) : t;
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0 || close + 1 >= hostPort.length() || hostPort.charAt(close + 1) != ':') {
                throw n.error(Quote.value(t) + " is not [IPV6]:PORT", LISTEN_EXPECTED);
            }
            host = hostPort.substring(1, close);
            port = hostPort.substring(close + 2);
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || hostPort.indexOf(':') != colon) {
                throw n.error(Quote.value(t) + " has no host:port", LISTEN_EXPECTED);
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
        try {
            return new ListenAddress.Tcp(InetAddress.getByName(host), p);
        } catch (UnknownHostException e) {
            throw n.error("host " + Quote.value(host) + " is not known", "an IP address or a known host name");
        }
    }

    private static Path textfile(ConfigNode n, HostChecks host) throws ConfigException {
        Path p = n.pathValue(TEXTFILE_EXPECTED);
        if (!p.getFileName().toString().endsWith(".prom")) {
            throw n.error(Quote.value(p.toString()) + " does not end in .prom (node_exporter reads only *.prom)",
                    TEXTFILE_EXPECTED);
        }
        if (host.isOffline()) {
            host.skip("metrics.textfile " + p + ": its directory not checked");
            return p;
        }
        if (p.getParent() == null || !Files.isDirectory(p.getParent())) {
            throw n.error("directory " + p.getParent() + " does not exist", TEXTFILE_EXPECTED);
        }
        if (Files.isDirectory(p)) {
            throw n.error(p + " is a directory", TEXTFILE_EXPECTED);
        }
        return p;
    }
}
