package dev.baton.core.config;

import dev.baton.core.os.ListenAddress;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code metrics.*}: where baton publishes its Prometheus metrics, if anywhere. {@code listen}: a
 * TCP address or a unix socket served over HTTP at {@code /metrics}; {@code textfile}: a
 * {@code .prom} file for node_exporter's textfile collector, replaced whole at each event. Either
 * or both; neither ({@link #NONE}): no metrics.
 */
public record MetricsConfig(Optional<ListenAddress> listen, Optional<Path> textfile) {
    public static final MetricsConfig NONE = new MetricsConfig(Optional.empty(), Optional.empty());

    public boolean enabled() {
        return listen.isPresent() || textfile.isPresent();
    }
}
