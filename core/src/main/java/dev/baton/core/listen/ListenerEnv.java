package dev.baton.core.listen;

import dev.baton.core.os.FdLayout;
import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenerConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a child is told about its sockets, which it finds at fds 3.. in config order
 * ({@link FdLayout#forChild}): systemd socket activation ({@code LISTEN_FDS}, {@code LISTEN_FDNAMES},
 * and {@code LISTEN_PID}, which only the child's own pid can fill in, just before exec) and/or
 * Server::Starter's {@code SERVER_STARTER_PORT} and {@code SERVER_STARTER_GENERATION}.
 */
public final class ListenerEnv {
    private ListenerEnv() {
    }

    /**
     * Adds the variables to {@code env}; returns the names to set to the child's pid.
     *
     * @param listeners the generation's listeners, in config order
     */
    public static List<String> apply(List<ListenerConfig> listeners, ListenerProtocol protocol, long generation,
            Map<String, String> env) {
        if (listeners.isEmpty()) {
            return List.of();
        }
        List<String> pidEnv = new ArrayList<>();
        if (protocol != ListenerProtocol.SERVER_STARTER) {
            env.put("LISTEN_FDS", Integer.toString(listeners.size()));
            env.put("LISTEN_FDNAMES", String.join(":", listeners.stream().map(ListenerConfig::name).toList()));
            pidEnv.add("LISTEN_PID");
        }
        if (protocol != ListenerProtocol.SYSTEMD) {
            List<String> ports = new ArrayList<>();
            for (int i = 0; i < listeners.size(); i++) {
                ListenAddress a = listeners.get(i).address();
                String where = a instanceof ListenAddress.Tcp tcp ? tcp.hostPort()
                        : ((ListenAddress.Unix) a).path().toString();
                ports.add(where + "=" + FdLayout.childListener(i));
            }
            env.put("SERVER_STARTER_PORT", String.join(";", ports));
            env.put("SERVER_STARTER_GENERATION", Long.toString(generation));
        }
        return pidEnv;
    }
}
