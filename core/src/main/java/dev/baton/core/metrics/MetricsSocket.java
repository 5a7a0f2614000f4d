package dev.baton.core.metrics;

import dev.baton.core.config.MetricsConfig;
import dev.baton.core.handover.HandoverEnv;
import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenException;
import dev.baton.core.os.ListenerConfig;
import dev.baton.core.os.Os;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The listening socket of {@code metrics.listen}. A new baton adopts the one its old baton passed
 * on ({@link HandoverEnv#METRICS_FD}) if that fd is a listening socket on the configured address, so
 * the address stays bound through a re-exec flip and a scrape never meets a refused connection;
 * otherwise it closes the inherited fd and binds anew (a changed address). The first baton binds it.
 */
public final class MetricsSocket {
    static final int BACKLOG = 64;

    private MetricsSocket() {
    }

    /** The listening fd for {@code config}, or -1 if it has no {@code listen}. */
    public static int open(Os os, MetricsConfig config, Map<String, String> processEnv) throws ListenException {
        OptionalInt inherited = HandoverEnv.metricsFd(processEnv);
        Optional<ListenAddress> address = config.listen();
        if (inherited.isPresent()) {
            int fd = inherited.getAsInt();
            if (address.isPresent() && os.describeSocket(fd).equals(Optional.of(address.get().normalized()))) {
                return fd;
            }
            os.closeFd(fd); // not a listening socket, or another address: metrics.listen changed
        }
        if (address.isEmpty()) {
            return -1;
        }
        try {
            return os.listen(new ListenerConfig("metrics", address.get(), BACKLOG, Optional.empty(), Optional.empty(),
                    Optional.empty(), false));
        } catch (ListenException e) {
            throw new ListenException("metrics.listen: " + e.getMessage());
        }
    }
}
