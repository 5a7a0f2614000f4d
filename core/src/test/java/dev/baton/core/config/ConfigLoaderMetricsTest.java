package dev.baton.core.config;

import dev.baton.core.os.ListenAddress;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code metrics: {listen, textfile}}. */
class ConfigLoaderMetricsTest extends ConfigTestSupport {

    @Test
    void noMetricsIsTheDefault() throws Exception {
        assertFalse(load("command: ./app\n").metrics().enabled());
    }

    @Test
    void aTcpListenerAUnixOneAndATextfileRelativeToTheConfig() throws Exception {
        Files.createDirectory(dir.resolve("node"));
        MetricsConfig m = load("command: ./app\nmetrics: {listen: 127.0.0.1:9464, textfile: node/baton.prom}\n").metrics();
        assertEquals(Optional.of("tcp://127.0.0.1:9464"), m.listen().map(ListenAddress::normalized));
        assertEquals(Optional.of(dir.resolve("node/baton.prom")), m.textfile());
        assertEquals(Optional.of("unix://" + dir.resolve("m.sock")),
                load("command: ./app\nmetrics: {listen: \"unix:" + dir.resolve("m.sock") + "\"}\n").metrics().listen()
                        .map(ListenAddress::normalized));
        assertEquals(Optional.of("tcp://[::1]:9464"),
                load("command: ./app\nmetrics: {listen: \"[::1]:9464\"}\n").metrics().listen()
                        .map(ListenAddress::normalized));
    }

    @Test
    void offlineTheDirectoriesAreNotLookedAt() throws Exception {
        java.nio.file.Files.writeString(file, "command: ./app\nmetrics: {listen: \"unix:/run/none/m.sock\", "
                + "textfile: /var/lib/none/b.prom}\n");
        HostChecks host = HostChecks.offline();
        MetricsConfig m = new ConfigLoader(checks(), system).offline(host).load(file, TemplateVars.FIRST).metrics();
        assertEquals(Optional.of(java.nio.file.Path.of("/var/lib/none/b.prom")), m.textfile());
        assertEquals(java.util.List.of("metrics.listen /run/none/m.sock: its directory not checked",
                "metrics.textfile /var/lib/none/b.prom: its directory not checked"), host.skipped().stream()
                .filter(l -> l.startsWith("metrics.")).toList());
    }

    @Test
    void badValuesNameTheirPathAndValue() {
        assertEquals(at(2, "metrics.listen: \"99999\" is not a port; expected a port from 1 to 65535"),
                error("command: ./app\nmetrics: {listen: \"127.0.0.1:99999\"}\n"));
        assertEquals(at(2, "metrics.listen: \"9464\" has no host:port; expected " + MetricsReader.LISTEN_EXPECTED),
                error("command: ./app\nmetrics: {listen: \"9464\"}\n"));
        assertEquals(at(2, "metrics.listen: \"unix:rel.sock\" is not an absolute unix socket path; expected "
                + "unix:/absolute/path"), error("command: ./app\nmetrics: {listen: \"unix:rel.sock\"}\n"));
        assertEquals(at(2, "metrics.textfile: \"" + dir.resolve("baton.txt") + "\" does not end in .prom "
                + "(node_exporter reads only *.prom); expected " + MetricsReader.TEXTFILE_EXPECTED),
                error("command: ./app\nmetrics: {textfile: baton.txt}\n"));
        assertEquals(at(2, "metrics.textfile: directory " + dir.resolve("none") + " does not exist; expected "
                + MetricsReader.TEXTFILE_EXPECTED), error("command: ./app\nmetrics: {textfile: none/b.prom}\n"));
        assertEquals(at(2, "metrics.port: unknown key; expected one of listen, textfile"),
                error("command: ./app\nmetrics: {port: 9464}\n"));
        assertEquals(at(2, "metrics: neither listen nor textfile is set; expected a mapping with listen ("
                + MetricsReader.LISTEN_EXPECTED + ") and/or textfile (a .prom file)"),
                error("command: ./app\nmetrics: {}\n"));
    }
}
