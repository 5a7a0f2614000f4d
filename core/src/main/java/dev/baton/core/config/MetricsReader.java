package dev.baton.core.config;

import dev.baton.core.os.ListenAddress;
import dev.baton.core.spi.Quote;

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
            return SocketAddresses.unix(n, t, path, "unix:/absolute/path", checks, "metrics.listen");
        }
        String hostPort = t.startsWith("tcp://") ? t.substring("tcp://".length()) : t;
        return SocketAddresses.tcp(n, t, hostPort, "[IPV6]:PORT", LISTEN_EXPECTED, checks, "metrics.listen");
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
