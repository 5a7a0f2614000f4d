package dev.baton.core.health;

import dev.baton.core.spi.HealthCheckProvider;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * One plugin jar: its manifest may declare {@code Baton-SPI-Version} (default 1); its providers are
 * listed in {@code META-INF/services/dev.baton.core.spi.HealthCheckProvider}.
 */
final class PluginJar {
    static final String VERSION_ATTRIBUTE = "Baton-SPI-Version";
    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private PluginJar() {
    }

    static List<HealthCheckProvider> load(Path jar) throws PluginException {
        int version = declaredVersion(jar);
        if (version > HealthCheckProvider.SPI_VERSION) {
            throw new PluginException("plugin " + jar + " needs health-check SPI version " + version
                    + ", and this baton has version " + HealthCheckProvider.SPI_VERSION + "; upgrade baton or use an older plugin");
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("baton-plugin-" + jar.getFileName(), new URL[] {jar.toUri().toURL()},
                    HealthCheckProvider.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new PluginException("plugin " + jar + ": " + e.getMessage());
        }
        List<HealthCheckProvider> out = new ArrayList<>();
        try {
            for (HealthCheckProvider p : ServiceLoader.load(HealthCheckProvider.class, loader)) {
                if (p.getClass().getClassLoader() != loader) {
                    continue; // baton's own, seen through the parent
                }
                String kind = p.kind();
                if (kind == null || !KIND.matcher(kind).matches()) {
                    throw new PluginException("plugin " + jar + ": " + p.getClass().getName() + " names its kind "
                            + (kind == null ? "null" : "\"" + kind + "\"") + "; expected lower-case letters, digits and _");
                }
                out.add(p);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginException("plugin " + jar + " cannot be loaded: " + oneLine(e));
        }
        if (out.isEmpty()) {
            throw new PluginException("plugin " + jar + " provides no health check (no META-INF/services/"
                    + HealthCheckProvider.class.getName() + " entry)");
        }
        return out;
    }

    private static int declaredVersion(Path jar) throws PluginException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            String v = m == null ? null : m.getMainAttributes().getValue(VERSION_ATTRIBUTE);
            if (v == null) {
                return 1;
            }
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new PluginException("plugin " + jar + ": " + VERSION_ATTRIBUTE + " \"" + v
                        + "\" is not a whole number");
            }
        } catch (IOException e) {
            throw new PluginException("plugin " + jar + " is not a readable jar: " + e.getMessage());
        }
    }

    private static String oneLine(Throwable e) {
        String s = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null) {
            s += ": " + c.getMessage();
        }
        return s.replace('\n', ' ');
    }
}
