package dev.baton.core.os;

import java.util.Optional;

/**
 * One entry of {@code listeners:}.
 *
 * @param name the name the child sees in LISTEN_FDNAMES
 * @param address where it listens
 * @param backlog listen(2) backlog
 * @param mode unix sockets: file mode, e.g. 0660
 * @param owner unix sockets: owner uid
 * @param group unix sockets: group gid
 * @param ipv6Only tcp on an IPv6 address: IPV6_V6ONLY
 */
public record ListenerConfig(String name, ListenAddress address, int backlog, Optional<Integer> mode,
        Optional<Integer> owner, Optional<Integer> group, boolean ipv6Only) {
    public static final int DEFAULT_BACKLOG = 1024;
}
