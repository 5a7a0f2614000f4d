package dev.baton.core.health;

/**
 * An address a check connects to, declared so baton can refuse checks that can't tell the new
 * child from the old one (see {@code IdentityGuard}).
 *
 * @param host the host as configured
 * @param port the TCP port
 * @param provesIdentity true if a pass requires an answer only the new child can give (e.g. a body
 *     that must contain {@code {{child_pid}}})
 */
public record CheckTarget(String host, int port, boolean provesIdentity) {
}
