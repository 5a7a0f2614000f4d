package dev.baton.core.listen;

import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenerConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a child is told about the sockets it finds at fds 3.. (systemd's and Server::Starter's ways). */
class ListenerEnvTest {
    private final Map<String, String> env = new LinkedHashMap<>();

    private static ListenerConfig tcp(String name, String host, int port) throws UnknownHostException {
        return new ListenerConfig(name, new ListenAddress.Tcp(InetAddress.getByName(host), port), 1024, Optional.empty(),
                Optional.empty(), Optional.empty(), false);
    }

    private static ListenerConfig unix(String name, String path) {
        return new ListenerConfig(name, new ListenAddress.Unix(Path.of(path)), 1024, Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    @Test
    void systemdSocketActivationNamesEachFdAndLeavesLISTEN_PIDToTheChild() throws Exception {
        List<String> pidEnv = ListenerEnv.apply(List.of(tcp("web", "127.0.0.1", 8080), unix("admin", "/run/a.sock")),
                ListenerProtocol.SYSTEMD, 4, env);
        assertEquals(Map.of("LISTEN_FDS", "2", "LISTEN_FDNAMES", "web:admin"), env);
        assertEquals(List.of("LISTEN_PID"), pidEnv);
    }

    @Test
    void serverStarterListsEachAddressWithItsFdAndTheGeneration() throws Exception {
        List<String> pidEnv = ListenerEnv.apply(List.of(tcp("web", "127.0.0.1", 8080), unix("admin", "/run/a.sock"),
                tcp("v6", "::1", 443)), ListenerProtocol.SERVER_STARTER, 4, env);
        assertEquals(Map.of("SERVER_STARTER_PORT", "127.0.0.1:8080=3;/run/a.sock=4;[::1]:443=5",
                "SERVER_STARTER_GENERATION", "4"), env);
        assertEquals(List.of(), pidEnv);
    }

    @Test
    void bothGivesBoth() throws Exception {
        ListenerEnv.apply(List.of(tcp("web", "127.0.0.1", 8080)), ListenerProtocol.BOTH, 2, env);
        assertEquals(List.of("LISTEN_FDS", "LISTEN_FDNAMES", "SERVER_STARTER_PORT", "SERVER_STARTER_GENERATION"),
                List.copyOf(env.keySet()));
    }

    @Test
    void noListenersNoVariables() {
        assertEquals(List.of(), ListenerEnv.apply(List.of(), ListenerProtocol.BOTH, 2, env));
        assertEquals(Map.of(), env);
    }
}
