package dev.baton.core.spi;

import java.nio.file.Path;
import java.util.Optional;

/**
 * An address a check connects to, declared so baton can refuse checks that can't tell the new
 * child from the old one (see {@code IdentityGuard}). Part of the health-check SPI, version 1.
 *
 * @param host the host as configured (TCP), or empty for a unix socket
 * @param port the TCP port, or 0 for a unix socket
 * @param unixPath the unix socket path, if the check connects to one
 * @param provesIdentity true if a pass requires an answer only the new child can give (e.g. a body
 *     that must contain {@code {{child_pid}}})
 */
public record CheckTarget(String host, int port, Optional<Path> unixPath, boolean provesIdentity) {

    public static CheckTarget tcp(String host, int port, boolean provesIdentity) {
        return new CheckTarget(host, port, Optional.empty(), provesIdentity);
    }

    public static CheckTarget unix(Path path, boolean provesIdentity) {
        return new CheckTarget("", 0, Optional.of(path), provesIdentity);
    }
}
