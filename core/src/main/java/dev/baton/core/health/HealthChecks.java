package dev.baton.core.health;

import dev.baton.core.spi.HealthCheckProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The check kinds baton knows, by name: the built-in ones on the class path, and those of the plugin
 * jars in {@code $BATON_HOME/plugins/}, each loaded once per process, in a class loader of its own,
 * the first time a kind is looked up. A plugin that can't be loaded is a one-line {@link PluginException}.
 */
public final class HealthChecks {
    /** The install directory {@code bin/baton} exports. */
    public static final String HOME_ENV = "BATON_HOME";
    public static final String PLUGINS_DIR = "plugins";

    private final Iterable<HealthCheckProvider> builtIn;
    private final Optional<Path> pluginDir;
    private Map<String, HealthCheckProvider> providers;

    private HealthChecks(Iterable<HealthCheckProvider> builtIn, Optional<Path> pluginDir) {
        this.builtIn = builtIn;
        this.pluginDir = pluginDir;
    }

    /** The built-in checks only. */
    public static HealthChecks fromClassPath() {
        return new HealthChecks(ServiceLoader.load(HealthCheckProvider.class), Optional.empty());
    }

    /** Exactly these checks, no plugins: for a caller that picks its kinds, such as a test. */
    public static HealthChecks of(List<HealthCheckProvider> providers) {
        return new HealthChecks(List.copyOf(providers), Optional.empty());
    }

    /** The built-in checks and the plugins of the install that {@code BATON_HOME} names, if set. */
    public static HealthChecks installed(Map<String, String> env) {
        String home = env.get(HOME_ENV);
        Optional<Path> dir = home == null || home.isEmpty() ? Optional.empty()
                : Optional.of(Path.of(home, PLUGINS_DIR));
        return new HealthChecks(ServiceLoader.load(HealthCheckProvider.class), dir);
    }

    public Optional<HealthCheckProvider> get(String kind) throws PluginException {
        return Optional.ofNullable(providers().get(kind));
    }

    /** The kinds, sorted. */
    public SortedSet<String> names() throws PluginException {
        return new TreeSet<>(providers().keySet());
    }

    public String kinds() throws PluginException {
        return String.join(", ", names());
    }

    private synchronized Map<String, HealthCheckProvider> providers() throws PluginException {
        if (providers == null) {
            Map<String, HealthCheckProvider> map = new TreeMap<>();
            Map<String, String> pluginOf = new TreeMap<>();
            for (HealthCheckProvider p : builtIn) {
                map.putIfAbsent(p.kind(), p);
            }
            if (pluginDir.isPresent()) {
                for (Path jar : jars(pluginDir.get())) {
                    for (HealthCheckProvider p : PluginJar.load(jar)) {
                        String kind = p.kind();
                        if (map.containsKey(kind) || kind.equals("all")) {
                            throw new PluginException("plugin " + jar + ": check kind `" + kind + "` is already "
                                    + "provided by " + pluginOf.getOrDefault(kind, "baton") + "; remove one of them");
                        }
                        map.put(kind, p);
                        pluginOf.put(kind, jar.getFileName().toString());
                    }
                }
            }
            providers = Collections.unmodifiableMap(map);
        }
        return providers;
    }

    private static List<Path> jars(Path dir) throws PluginException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new PluginException("cannot list the plugin directory " + dir + ": " + e.getMessage());
        }
    }
}
