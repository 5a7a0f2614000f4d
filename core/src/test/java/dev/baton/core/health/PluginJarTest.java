package dev.baton.core.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugin jars in $BATON_HOME/plugins, built here from source so each has classes of its own. */
class PluginJarTest {
    @TempDir
    Path home;

    private Path plugins() throws IOException {
        return Files.createDirectories(home.resolve("plugins"));
    }

    private HealthChecks checks() {
        return HealthChecks.installed(Map.of("BATON_HOME", home.toString()));
    }

    /** A jar with one provider class {@code pkg.P} of the given kind, and an optional SPI version. */
    private Path plugin(String jarName, String pkg, String kind, String spiVersion) throws IOException {
        Path src = Files.createDirectories(home.resolve("src-" + pkg).resolve(pkg));
        Files.writeString(src.resolve("P.java"), """
                package %s;
                public final class P implements dev.baton.core.spi.HealthCheckProvider {
                    public String kind() { return "%s"; }
                    public dev.baton.core.spi.HealthCheckSpec parse(dev.baton.core.spi.CheckSettings s) {
                        throw new UnsupportedOperationException();
                    }
                }
                """.formatted(pkg, kind));
        Path classes = Files.createDirectories(home.resolve("classes-" + pkg));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests need a JDK (javax.tools)");
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("P.java").toString());
        assertEquals(0, rc, "the test plugin compiles");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (spiVersion != null) {
            m.getMainAttributes().putValue("Baton-SPI-Version", spiVersion);
        }
        Path jar = plugins().resolve(jarName);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new JarEntry(pkg + "/P.class"));
            j.write(Files.readAllBytes(classes.resolve(pkg).resolve("P.class")));
            j.putNextEntry(new JarEntry("META-INF/services/dev.baton.core.spi.HealthCheckProvider"));
            j.write((pkg + ".P\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    @Test
    void aPluginAddsItsKind() throws Exception {
        plugin("a.jar", "pa", "ready", null);
        HealthChecks c = checks();
        assertTrue(c.get("ready").isPresent());
        assertEquals("ready", c.kinds());
        assertTrue(c.get("ready").get().getClass().getClassLoader() != HealthChecks.class.getClassLoader(),
                "each plugin in a class loader of its own");
    }

    @Test
    void noPluginDirectoryMeansNoPlugins() throws Exception {
        assertEquals("", checks().kinds());
        assertEquals("", HealthChecks.installed(Map.of()).kinds());
    }

    @Test
    void aPluginThatNeedsANewerSpiIsRefused() throws Exception {
        Path jar = plugin("new.jar", "pn", "ready", "2");
        PluginException e = assertThrows(PluginException.class, () -> checks().kinds());
        assertEquals("plugin " + jar + " needs health-check SPI version 2, and this baton has version 1; upgrade "
                + "baton or use an older plugin", e.getMessage());
    }

    @Test
    void twoPluginsWithOneKindAreRefused() throws Exception {
        plugin("a.jar", "pa", "ready", "1");
        Path b = plugin("b.jar", "pb", "ready", null);
        PluginException e = assertThrows(PluginException.class, () -> checks().get("ready"));
        assertEquals("plugin " + b + ": check kind `ready` is already provided by a.jar; remove one of them",
                e.getMessage());
    }

    @Test
    void aPluginCannotTakeAllOrABadName() throws Exception {
        Path all = plugin("all.jar", "pall", "all", null);
        assertEquals("plugin " + all + ": check kind `all` is already provided by baton; remove one of them",
                assertThrows(PluginException.class, () -> checks().kinds()).getMessage());
        Files.delete(all);
        Path bad = plugin("bad.jar", "pbad", "Ready-Check", null);
        assertEquals("plugin " + bad + ": pbad.P names its kind \"Ready-Check\"; expected lower-case letters, digits "
                + "and _", assertThrows(PluginException.class, () -> checks().kinds()).getMessage());
    }

    @Test
    void aJarWithoutProvidersOrNotAJarIsOneLine() throws Exception {
        Path empty = plugins().resolve("empty.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(empty), m)) {
            j.putNextEntry(new JarEntry("README"));
        }
        assertEquals("plugin " + empty + " provides no health check (no META-INF/services/"
                + "dev.baton.core.spi.HealthCheckProvider entry)",
                assertThrows(PluginException.class, () -> checks().kinds()).getMessage());
        Files.delete(empty);
        Path junk = Files.writeString(plugins().resolve("junk.jar"), "not a jar");
        String msg = assertThrows(PluginException.class, () -> checks().kinds()).getMessage();
        assertTrue(msg.startsWith("plugin " + junk + " is not a readable jar: "), msg);
        assertEquals(List.of(msg), msg.lines().toList(), "one line");
    }

    @Test
    void otherFilesInTheDirectoryAreIgnored() throws Exception {
        Files.writeString(plugins().resolve("README"), "baton's plugin directory");
        assertEquals("", checks().kinds());
    }
}
