package dev.baton.core.listen;

import java.util.Locale;

/** How the child is told about its sockets. */
public enum ListenerProtocol {
    /** LISTEN_FDS, LISTEN_FDNAMES, LISTEN_PID (systemd socket activation). */
    SYSTEMD,
    /** SERVER_STARTER_PORT (Server::Starter). */
    SERVER_STARTER,
    /** Both. */
    BOTH;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
