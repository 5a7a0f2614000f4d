package dev.baton.launcher;

import dev.baton.core.listen.HeldListeners;
import dev.baton.core.os.FdLayout;
import dev.baton.core.os.Os;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * baton started by a systemd {@code .socket} unit: LISTEN_FDS sockets from fd 3, named by
 * LISTEN_FDNAMES, meant for us only if LISTEN_PID is baton's pid. baton adopts them instead of
 * binding those addresses itself; a listener matches one by FileDescriptorName= or by address.
 */
final class SocketActivation {
    private static final Logger LOG = LoggerFactory.getLogger("baton");

    private SocketActivation() {
    }

    static void adopt(Os os, HeldListeners held, Map<String, String> env) {
        String pid = env.get("LISTEN_PID");
        if (pid == null || !pid.equals(Long.toString(os.pid()))) {
            return;
        }
        int count;
        try {
            count = Integer.parseInt(env.getOrDefault("LISTEN_FDS", "0"));
        } catch (NumberFormatException e) {
            LOG.warn("ignoring LISTEN_FDS=" + env.get("LISTEN_FDS") + ": not a number");
            return;
        }
        String[] names = env.getOrDefault("LISTEN_FDNAMES", "").split(":", -1);
        for (int i = 0; i < count; i++) {
            int fd = FdLayout.activated(i);
            Optional<String> name = i < names.length && !names[i].isEmpty() && !names[i].equals("unknown")
                    ? Optional.of(names[i]) : Optional.empty();
            Optional<String> address = os.describeSocket(fd);
            if (address.isEmpty()) {
                LOG.warn("socket activation: fd " + fd + " is not a listening stream socket; ignored");
                continue;
            }
            held.adopt(address.get(), fd, name, false);
            LOG.info("socket activation: adopted " + address.get() + " (fd " + fd + name.map(n -> ", " + n).orElse("")
                    + ")");
        }
    }
}
