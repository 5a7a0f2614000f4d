package dev.baton.core.health;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The check kinds on the class path, by name. */
public final class HealthChecks {
    private final Map<String, HealthCheckProvider> providers;

    public HealthChecks(Iterable<HealthCheckProvider> providers) {
        Map<String, HealthCheckProvider> map = new TreeMap<>();
        for (HealthCheckProvider p : providers) {
            map.putIfAbsent(p.kind(), p);
        }
        this.providers = Map.copyOf(map);
    }

    public static HealthChecks fromClassPath() {
        return new HealthChecks(ServiceLoader.load(HealthCheckProvider.class));
    }

    public Optional<HealthCheckProvider> get(String kind) {
        return Optional.ofNullable(providers.get(kind));
    }

    public String kinds() {
        return String.join(", ", new TreeMap<>(providers).keySet());
    }
}
