package dev.baton.core.config;

import dev.baton.core.health.CheckPlan;
import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenerConfig;
import dev.baton.core.spi.CheckTarget;
import dev.baton.core.spi.Quote;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Refuses a health check that can't tell the new child from the old one. A socket baton holds
 * is shared by every generation: the kernel completes a TCP handshake into its backlog whatever
 * the child does, and an HTTP request there may be answered by the old child.
 */
final class IdentityGuard {
    static final String WAYS_OUT = "a per-generation address ({{alt}} or {{generation}}), an http check whose `body` "
            + "must contain {{child_pid}}, or an exec check";

    private IdentityGuard() {
    }

    static void check(CheckPlan spec, List<ListenerConfig> listeners, ConfigMap top) throws ConfigException {
        for (CheckTarget target : spec.targets()) {
            if (target.provesIdentity()) {
                continue;
            }
            for (ListenerConfig l : listeners) {
                if (target.unixPath().isPresent()) {
                    if (l.address() instanceof ListenAddress.Unix unix
                            && unix.path().toAbsolutePath().normalize().equals(target.unixPath().get().toAbsolutePath().normalize())) {
                        String why = spec.kind().equals("unix") ? "the kernel accepts connections there for any child"
                                : "the old child may answer it";
                        throw top.error("healthcheck", target.unixPath().get() + " is listener " + Quote.value(l.name())
                                + " (unix://" + unix.path() + "), which baton holds for every generation: " + why
                                + ", so this check can't tell the new child from the old", WAYS_OUT);
                    }
                    continue;
                }
                if (l.address() instanceof ListenAddress.Tcp tcp && reaches(target, tcp, l.ipv6Only())) {
                    String why = spec.kind().equals("tcp")
                            ? "the kernel accepts connections there for any child"
                            : "the old child may answer it";
                    String shown = target.host().contains(":") ? "[" + target.host() + "]" : target.host();
                    throw top.error("healthcheck", shown + ":" + target.port() + " is listener "
                            + Quote.value(l.name()) + " (" + tcp.normalized() + "), which baton holds for every "
                            + "generation: " + why + ", so this check can't tell the new child from the old", WAYS_OUT);
                }
            }
        }
    }

    /**
     * Whether connecting to the target can land on the listener: the same address, or a listener on
     * a wildcard address and a local target of a family it accepts. A target on 0.0.0.0 or :: is
     * local (the kernel connects it to this host).
     */
    private static boolean reaches(CheckTarget target, ListenAddress.Tcp listener, boolean ipv6Only) {
        if (target.port() != listener.port()) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(target.host())) {
                if (a.equals(listener.host())) {
                    return true;
                }
                boolean local = a.isAnyLocalAddress() || a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
                boolean v6 = a instanceof Inet6Address;
                if (listener.wildcard() && local && (listener.ipv6() ? v6 || !ipv6Only : !v6)) {
                    return true;
                }
                if (a.isAnyLocalAddress() && !listener.wildcard() && v6 == listener.ipv6()
                        && (listener.host().isLoopbackAddress() || NetworkInterface.getByInetAddress(listener.host()) != null)) {
                    return true;
                }
            }
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
        return false;
    }
}
