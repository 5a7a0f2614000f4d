package dev.baton.core.metrics;

import dev.baton.core.supervisor.SupervisorListener;

import java.util.function.Supplier;

/**
 * Serves {@code metrics.listen} while this baton is in charge: the first baton from the start, a
 * new baton once it took over. An old baton stops accepting at the handover, so that every scrape
 * reaches the baton in charge while the old one may drain for minutes; the socket itself stays
 * bound throughout, held by both.
 */
final class MetricsService implements SupervisorListener {
    private final int fd;
    private final Supplier<String> metrics;
    private MetricsHttp http; // loop thread only, but the constructor's start

    MetricsService(int fd, Supplier<String> metrics, boolean inCharge) {
        this.fd = fd;
        this.metrics = metrics;
        if (inCharge) {
            http = MetricsHttp.start(fd, metrics);
        }
    }

    @Override
    public void tookOver(long generation, long childPid) {
        if (http == null) {
            http = MetricsHttp.start(fd, metrics);
        }
    }

    @Override
    public void handedOver(long newBatonPid) {
        if (http != null) {
            http.stopAccepting();
        }
    }
}
