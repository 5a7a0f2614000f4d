package dev.baton.core.metrics;

import dev.baton.core.config.MetricsConfig;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.Os;
import dev.baton.core.supervisor.SupervisorListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code metrics:} put together at baton's start, from the config of its first generation (a
 * changed {@code metrics:} takes effect at the next start or re-exec flip): the metrics, the
 * listener and its responder, the textfile. {@link #listener} goes after the flip history among
 * the supervisor's listeners; {@link #NONE} is baton without metrics.
 *
 * @param fd the metrics listener, -1 if none (passed on to a new baton at a re-exec flip)
 */
public record MetricsSetup(SupervisorListener listener, int fd) {
    public static final MetricsSetup NONE = new MetricsSetup(SupervisorListener.NONE, -1);

    /**
     * @param history the flip history's records, oldest first ({@code FlipHistory.last})
     * @param newBaton this baton was started by an old one, which is in charge until the takeover
     */
    public static MetricsSetup start(Os os, MetricsConfig config, Map<String, String> processEnv, String version,
            Supplier<List<String>> history, boolean newBaton) throws ListenException {
        int fd = MetricsSocket.open(os, config, processEnv);
        if (!config.enabled()) {
            return NONE;
        }
        BatonMetrics metrics = new BatonMetrics(version, history);
        List<SupervisorListener> parts = new ArrayList<>(List.of(metrics));
        if (fd >= 0) {
            parts.add(new MetricsService(fd, metrics::render, !newBaton));
        }
        config.textfile().ifPresent(file -> parts.add(new MetricsTextfile(os, file, metrics, !newBaton)));
        return new MetricsSetup(SupervisorListener.all(parts.toArray(SupervisorListener[]::new)), fd);
    }
}
