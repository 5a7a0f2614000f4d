package dev.baton.healthcheck.notify;

import dev.baton.core.spi.CheckConfigException;
import dev.baton.core.spi.CheckSettings;
import dev.baton.core.spi.HealthCheckProvider;
import dev.baton.core.spi.HealthCheckSpec;

/**
 * {@code notify: {}}: the child is healthy when it sends READY=1 to its NOTIFY_SOCKET, as under
 * systemd's Type=notify. No polling.
 */
public final class NotifyCheckProvider implements HealthCheckProvider {
    @Override
    public String kind() {
        return "notify";
    }

    @Override
    public HealthCheckSpec parse(CheckSettings settings) throws CheckConfigException {
        return NotifyCheck.spec();
    }
}
