package dev.baton.core.config;

import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenerConfig;
import dev.baton.core.listen.ListenerProtocol;
import dev.baton.core.spi.Quote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code listeners:} and {@code listener_protocol}. */
final class ListenersReader {
    static final String ADDRESS_EXPECTED = "tcp://HOST:PORT, tcp://[IPV6]:PORT or unix:///absolute/path";
    private final SystemLookup system;

    private final HostChecks hostChecks;

    ListenersReader(SystemLookup system) {
        this(system, HostChecks.online());
    }

    ListenersReader(SystemLookup system, HostChecks hostChecks) {
        this.system = system;
        this.hostChecks = hostChecks;
    }

    List<ListenerConfig> read(ConfigMap top) throws ConfigException {
        Optional<ConfigNode> n = top.get("listeners");
        if (n.isEmpty()) {
            return List.of();
        }
        List<ListenerConfig> out = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> addresses = new HashMap<>();
        for (ConfigNode item : n.get().items("a list of listeners, e.g. [{name: web, address: \"tcp://127.0.0.1:8080\"}]")) {
            ConfigMap m = item.map("a mapping with name, address, backlog");
            ListenerConfig l = readOne(m);
            m.finish();
            String sameName = names.putIfAbsent(l.name(), item.path());
            if (sameName != null) {
                throw item.error("the name " + Quote.value(l.name()) + " is already used by " + sameName,
                        "a unique name per listener");
            }
            String sameAddress = addresses.putIfAbsent(l.address().normalized(), item.path());
            if (sameAddress != null) {
                throw item.error(l.address().normalized() + " is already listened on by " + sameAddress,
                        "each address once");
            }
            out.add(l);
        }
        OpenFiles.check(top, out.size(), system.openFilesLimit());
        return out;
    }

    private ListenerConfig readOne(ConfigMap m) throws ConfigException {
        ConfigNode nameNode = m.require("name", "a name for LISTEN_FDNAMES, e.g. web");
        String name = nameNode.text("a name");
        if (!name.matches("[A-Za-z0-9_.-]{1,255}")) {
            throw nameNode.error(Quote.value(name) + " is not a valid name",
                    "letters, digits, '_', '.' and '-' (LISTEN_FDNAMES separates names with ':')");
        }
        ConfigNode addrNode = m.require("address", ADDRESS_EXPECTED);
        ListenAddress address = address(addrNode);
        int backlog = m.integer("backlog", ListenerConfig.DEFAULT_BACKLOG, 1);
        Optional<Integer> mode = Optional.empty();
        Optional<Integer> owner = Optional.empty();
        Optional<Integer> group = Optional.empty();
        boolean ipv6Only = false;
        if (address instanceof ListenAddress.Unix) {
            Optional<ConfigNode> modeNode = m.get("mode");
            if (modeNode.isPresent()) {
                String t = modeNode.get().text("an octal file mode such as \"0660\"");
                try {
                    int v = Integer.parseInt(t, 8);
                    if (v < 0 || v > 0777) {
                        throw new NumberFormatException();
                    }
                    mode = Optional.of(v);
                } catch (NumberFormatException e) {
                    throw modeNode.get().error(Quote.value(t) + " is not a file mode", "an octal mode such as \"0660\"");
                }
            }
            owner = identity(m, "owner", true);
            group = identity(m, "group", false);
        } else {
            for (String unixOnly : List.of("mode", "owner", "group")) {
                if (m.get(unixOnly).isPresent()) {
                    throw m.error(unixOnly, "`" + unixOnly + "` only applies to unix sockets", "no `" + unixOnly + "` for tcp");
                }
            }
            Optional<ConfigNode> v6 = m.get("ipv6_only");
            if (v6.isPresent()) {
                if (!((ListenAddress.Tcp) address).ipv6()) {
                    throw v6.get().error("`ipv6_only` only applies to IPv6 addresses", "an address such as tcp://[::]:8080");
                }
                String t = v6.get().text("true or false");
                if (!t.equals("true") && !t.equals("false")) {
                    throw v6.get().error(Quote.value(t) + " is not true or false", "true or false");
                }
                ipv6Only = t.equals("true");
            }
        }
        return new ListenerConfig(name, address, backlog, mode, owner, group, ipv6Only);
    }

    private Optional<Integer> identity(ConfigMap m, String key, boolean user) throws ConfigException {
        Optional<ConfigNode> n = m.get(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        String t = n.get().text(user ? "a user name or uid" : "a group name or gid");
        int id = Ids.resolve(n.get(), t, user ? Ids.Kind.USER : Ids.Kind.GROUP, system);
        if (system.effectiveUid() != 0 && (!user || id != system.effectiveUid())) {
            throw n.get().error("changing a socket's " + key + " needs baton to run as root", "no `" + key + "` key");
        }
        return Optional.of(id);
    }

    ListenAddress address(ConfigNode n) throws ConfigException {
        String t = n.text(ADDRESS_EXPECTED);
        if (t.startsWith("unix://")) {
            String path = t.substring("unix://".length());
            if (path.startsWith("/") && (path.contains(";") || path.contains("="))) {
                throw n.error(Quote.value(path) + " contains ';' or '='", "a unix socket path without ';' and '=' "
                        + "(Server::Starter's SERVER_STARTER_PORT can't carry them)");
            }
            return SocketAddresses.unix(n, t, path, "unix:///absolute/path", hostChecks, "listener");
        }
        if (!t.startsWith("tcp://")) {
            throw n.error(Quote.value(t) + " is not a listener address", ADDRESS_EXPECTED);
        }
        return SocketAddresses.tcp(n, t, t.substring("tcp://".length()), "tcp://[IPV6]:PORT", ADDRESS_EXPECTED,
                hostChecks, "listener");
    }

    static ListenerProtocol protocol(ConfigMap top) throws ConfigException {
        Optional<ConfigNode> n = top.get("listener_protocol");
        if (n.isEmpty()) {
            return ListenerProtocol.SYSTEMD;
        }
        String t = n.get().text("systemd, server-starter or both");
        for (ListenerProtocol p : ListenerProtocol.values()) {
            if (p.yamlName().equalsIgnoreCase(t)) {
                return p;
            }
        }
        throw n.get().error(Quote.value(t) + " is not a listener protocol", "systemd, server-starter or both");
    }
}
