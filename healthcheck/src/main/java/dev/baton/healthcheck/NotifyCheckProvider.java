package dev.baton.healthcheck;

import dev.baton.core.config.ConfigException;
import dev.baton.core.health.CheckSettings;
import dev.baton.core.health.HealthCheckProvider;
import dev.baton.core.health.HealthCheckSpec;
import dev.baton.healthcheck.notify.NotifyCheck;

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
    public HealthCheckSpec parse(CheckSettings settings) throws ConfigException {
        return NotifyCheck.spec();
    }
}
