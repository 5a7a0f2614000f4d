package dev.baton.core.config;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.os.ListenAddress;
import dev.baton.core.os.ListenerConfig;
import dev.baton.core.listen.ListenerProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code listeners:} and {@code listener_protocol}, read through the real loader. */
class ListenersConfigTest extends ConfigTestSupport {
    static final String ADDRESS_EXPECTED = "tcp://HOST:PORT, tcp://[IPV6]:PORT or unix:///absolute/path";
    static final String NAME_EXPECTED =
            "letters, digits, '_', '.' and '-' (LISTEN_FDNAMES separates names with ':')";
    static final String MODE_EXPECTED = "an octal mode such as \"0660\"";

    /** One listener: line 3 is `- name: web`, line 4 the address, line 5 on the extra lines. */
    private static String one(String address, String... extra) {
        StringBuilder sb = new StringBuilder("command: ./app\nlisteners:\n  - name: web\n    address: \"")
                .append(address).append("\"\n");
        for (String e : extra) {
            sb.append("    ").append(e).append('\n');
        }
        return sb.toString();
    }

    private ListenerConfig only(String yaml) throws Exception {
        List<ListenerConfig> ls = load(yaml).listeners();
        assertEquals(1, ls.size());
        return ls.get(0);
    }

    private String unix(String name) {
        return "unix://" + dir.resolve(name);
    }

    // ---- names ----

    @Test
    void missingName() {
        assertEquals(at(3, "listeners[0]: `name` is missing; expected a name for LISTEN_FDNAMES, e.g. web"),
                error("command: ./app\nlisteners:\n  - address: \"tcp://127.0.0.1:8080\"\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b", "with space", "x/y"})
    void badName(String name) {
        assertEquals(at(3, "listeners[0].name: \"" + name + "\" is not a valid name; expected " + NAME_EXPECTED),
                error("command: ./app\nlisteners:\n  - name: \"" + name + "\"\n    address: \"tcp://127.0.0.1:8080\"\n"));
    }

    @Test
    void emptyAndOverlongNamesAreInvalid() throws Exception {
        assertEquals(at(3, "listeners[0].name: \"\" is not a valid name; expected " + NAME_EXPECTED),
                error("command: ./app\nlisteners:\n  - name: \"\"\n    address: \"tcp://127.0.0.1:8080\"\n"));
        String longest = "n".repeat(255);
        assertEquals(longest, only("command: ./app\nlisteners:\n  - name: " + longest
                + "\n    address: \"tcp://127.0.0.1:8080\"\n").name());
        String tooLong = longest + "n";
        assertEquals(at(3, "listeners[0].name: \"" + tooLong + "\" is not a valid name; expected " + NAME_EXPECTED),
                error("command: ./app\nlisteners:\n  - name: " + tooLong + "\n    address: \"tcp://127.0.0.1:8080\"\n"));
    }

    @Test
    void duplicateName() {
        assertEquals(at(4, "listeners[1]: the name \"web\" is already used by listeners[0]; "
                + "expected a unique name per listener"), error("""
                command: ./app
                listeners:
                  - {name: web, address: "tcp://127.0.0.1:8080"}
                  - {name: web, address: "tcp://127.0.0.1:8081"}
                """));
    }

    @Test
    void duplicateNameAfterAnotherListener() {
        assertEquals(at(5, "listeners[2]: the name \"web\" is already used by listeners[0]; "
                + "expected a unique name per listener"), error("""
                command: ./app
                listeners:
                  - {name: web, address: "tcp://127.0.0.1:8080"}
                  - {name: admin, address: "tcp://127.0.0.1:8081"}
                  - {name: web, address: "tcp://127.0.0.1:8082"}
                """));
    }

    // ---- addresses ----

    @Test
    void duplicateAddress() {
        assertEquals(at(4, "listeners[1]: tcp://127.0.0.1:80 is already listened on by listeners[0]; "
                + "expected each address once"), error("""
                command: ./app
                listeners:
                  - {name: a, address: "tcp://127.0.0.1:80"}
                  - {name: b, address: "tcp://127.0.0.1:80"}
                """));
    }

    @Test
    void duplicateAddressThroughAHostName() throws Exception {
        assertTrue(InetAddress.getByName("localhost").getHostAddress().equals("127.0.0.1"),
                "this test needs localhost to resolve to 127.0.0.1 (/etc/hosts)");
        assertEquals(at(4, "listeners[1]: tcp://127.0.0.1:80 is already listened on by listeners[0]; "
                + "expected each address once"), error("""
                command: ./app
                listeners:
                  - {name: a, address: "tcp://127.0.0.1:80"}
                  - {name: b, address: "tcp://localhost:80"}
                """));
    }

    @Test
    void duplicateAddressInAnotherIpv6Spelling() {
        assertEquals(at(4, "listeners[1]: tcp://[::1]:80 is already listened on by listeners[0]; "
                + "expected each address once"), error("""
                command: ./app
                listeners:
                  - {name: a, address: "tcp://[::1]:80"}
                  - {name: b, address: "tcp://[0:0:0:0:0:0:0:1]:80"}
                """));
    }

    @Test
    void duplicateUnixPathAfterNormalization() {
        String a = unix("app.sock");
        String b = "unix://" + dir + "/sub/../app.sock";
        assertEquals(at(4, "listeners[1]: " + a + " is already listened on by listeners[0]; "
                + "expected each address once"), error("command: ./app\nlisteners:\n"
                + "  - {name: a, address: \"" + a + "\"}\n"
                + "  - {name: b, address: \"" + b + "\"}\n"));
    }

    @Test
    void missingAddress() {
        assertEquals(at(3, "listeners[0]: `address` is missing; expected " + ADDRESS_EXPECTED),
                error("command: ./app\nlisteners:\n  - name: web\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:80", "udp://127.0.0.1:53", "127.0.0.1:8080", "TCP://127.0.0.1:80"})
    void badScheme(String address) {
        assertEquals(at(4, "listeners[0].address: \"" + address + "\" is not a listener address; expected "
                + ADDRESS_EXPECTED), error(one(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1", "tcp://:8080", "tcp://::1:8080", "tcp://0:0:0:0:0:0:0:1:80"})
    void noHostPort(String address) {
        assertEquals(at(4, "listeners[0].address: \"" + address + "\" has no host:port; expected "
                + ADDRESS_EXPECTED), error(one(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://[::1]", "tcp://[::1]8080", "tcp://[::1:8080"})
    void badBracketedIpv6(String address) {
        assertEquals(at(4, "listeners[0].address: \"" + address + "\" is not tcp://[IPV6]:PORT; expected "
                + ADDRESS_EXPECTED), error(one(address)));
    }

    @ParameterizedTest
    @CsvSource({"tcp://127.0.0.1:0, 0", "tcp://127.0.0.1:70000, 70000", "tcp://127.0.0.1:65536, 65536",
            "tcp://127.0.0.1:http, http", "tcp://[::1]:, ''", "tcp://127.0.0.1:-1, -1"})
    void badPort(String address, String port) {
        assertEquals(at(4, "listeners[0].address: \"" + port + "\" is not a port; expected a port from 1 to 65535"),
                error(one(address)));
    }

    @Test
    void portBounds() throws Exception {
        assertEquals(1, ((ListenAddress.Tcp) only(one("tcp://127.0.0.1:1")).address()).port());
        assertEquals(65535, ((ListenAddress.Tcp) only(one("tcp://127.0.0.1:65535")).address()).port());
    }

    @Test
    void unresolvableHost() {
        assertEquals(at(4, "listeners[0].address: cannot resolve host \"no-such-host.invalid\"; "
                + "expected an IP address or a resolvable host name"), error(one("tcp://no-such-host.invalid:80")));
    }

    @Test
    void unixRelativePath() {
        assertEquals(at(4, "listeners[0].address: \"unix://run/app.sock\" is not an absolute unix socket path; "
                + "expected unix:///absolute/path"), error(one("unix://run/app.sock")));
    }

    @Test
    void unixPathInAMissingDirectory() {
        Path missing = dir.resolve("missing");
        assertEquals(at(4, "listeners[0].address: directory " + missing + " does not exist; "
                + "expected a socket in an existing directory"), error(one("unix://" + missing + "/app.sock")));
    }

    @Test
    void unixPathThatIsADirectory() throws Exception {
        Path d = Files.createDirectory(dir.resolve("sockdir"));
        assertEquals(at(4, "listeners[0].address: " + d + " is a directory; expected a socket path"),
                error(one("unix://" + d)));
    }

    @Test
    void unixPathOfAtMost107Bytes() throws Exception {
        String prefix = dir + "/";
        int room = 107 - prefix.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(room > 10, "this test needs a temporary directory path shorter than 97 bytes");
        String longest = prefix + "s".repeat(room);
        assertEquals(107, longest.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(new ListenAddress.Unix(Path.of(longest)), only(one("unix://" + longest)).address());

        assertEquals(at(4, "listeners[0].address: the path is longer than 107 bytes; "
                + "expected a shorter unix socket path"), error(one("unix://" + longest + "s")));
    }

    @Test
    void unixPathLengthCountsBytesNotCharacters() {
        String prefix = dir + "/";
        int room = 107 - prefix.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(room > 10, "this test needs a temporary directory path shorter than 97 bytes");
        // 'é' is two bytes in UTF-8: as many characters as the 107-byte limit allows bytes is too long
        String path = prefix + "é".repeat(room / 2 + 1);
        assertTrue(path.length() <= 107 && path.getBytes(StandardCharsets.UTF_8).length > 107);
        assertEquals(at(4, "listeners[0].address: the path is longer than 107 bytes; "
                + "expected a shorter unix socket path"), error(one("unix://" + path)));
    }

    // ---- unix-only keys, tcp-only keys ----

    @ParameterizedTest
    @CsvSource({"mode, '\"0660\"'", "owner, app", "group, app"})
    void unixKeysOnATcpListener(String key, String value) {
        assertEquals(at(5, "listeners[0]." + key + ": `" + key + "` only applies to unix sockets; expected no `"
                + key + "` for tcp"), error(one("tcp://127.0.0.1:8080", key + ": " + value)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"999", "0999", "1777", "rw-rw----", "-1", "0o660"})
    void badMode(String mode) {
        assertEquals(at(5, "listeners[0].mode: \"" + mode + "\" is not a file mode; expected " + MODE_EXPECTED),
                error(one(unix("app.sock"), "mode: \"" + mode + "\"")));
    }

    @ParameterizedTest
    @CsvSource({"'\"0660\"', 432", "'\"660\"', 432", "0600, 384", "'\"0777\"', 511", "'\"0\"', 0"})
    void modeIsOctal(String written, int value) throws Exception {
        assertEquals(Optional.of(value), only(one(unix("app.sock"), "mode: " + written)).mode());
    }

    @Test
    void ipv6OnlyOnAnIpv4Address() {
        assertEquals(at(5, "listeners[0].ipv6_only: `ipv6_only` only applies to IPv6 addresses; "
                + "expected an address such as tcp://[::]:8080"), error(one("tcp://0.0.0.0:8080", "ipv6_only: true")));
    }

    @Test
    void ipv6OnlyMaybe() {
        assertEquals(at(5, "listeners[0].ipv6_only: \"maybe\" is not true or false; expected true or false"),
                error(one("tcp://[::]:8080", "ipv6_only: maybe")));
    }

    @Test
    void ipv6OnlyIsReadOnIpv6Addresses() throws Exception {
        assertTrue(only(one("tcp://[::]:8080", "ipv6_only: true")).ipv6Only());
        assertFalse(only(one("tcp://[::]:8080", "ipv6_only: false")).ipv6Only());
        assertFalse(only(one("tcp://[::]:8080")).ipv6Only(), "dual stack by default");
    }

    @Test
    void ipv6OnlyOnAUnixListenerIsAnUnknownKey() {
        assertTrue(error(one(unix("app.sock"), "ipv6_only: true"))
                .startsWith(at(5, "listeners[0].ipv6_only: unknown key")));
    }

    @Test
    void unknownListenerKeySuggestsTheRightOne() {
        assertTrue(error(one("tcp://127.0.0.1:8080", "backlg: 10"))
                .startsWith(at(5, "listeners[0].backlg: unknown key (did you mean `backlog`?)")));
    }

    @Test
    void backlogMustBePositive() {
        assertEquals(at(5, "listeners[0].backlog: \"0\" is too small; expected a whole number of at least 1"),
                error(one("tcp://127.0.0.1:8080", "backlog: 0")));
    }

    @Test
    void badListenerProtocol() {
        assertEquals(at(2, "listener_protocol: \"bogus\" is not a listener protocol; "
                + "expected systemd, server-starter or both"),
                error("command: ./app\nlistener_protocol: bogus\n"));
    }

    @Test
    void listenersMustBeAList() {
        assertEquals(at(2, "listeners: a mapping is not a list; expected a list of listeners, "
                + "e.g. [{name: web, address: \"tcp://127.0.0.1:8080\"}]"),
                error("command: ./app\nlisteners: {name: web, address: \"tcp://127.0.0.1:8080\"}\n"));
    }

    // ---- the open-files limit ----

    private static String listeners(int count) {
        StringBuilder sb = new StringBuilder("command: ./app\nlisteners:\n");
        for (int i = 0; i < count; i++) {
            sb.append("  - {name: l").append(i).append(", address: \"tcp://127.0.0.1:").append(10000 + i).append("\"}\n");
        }
        return sb.toString();
    }

    @Test
    void moreListenersThanTheOpenFilesLimitLeavesRoomForAreRefused() throws Exception {
        system.openFilesLimit = java.util.OptionalLong.of(100);
        assertEquals(36, load(listeners(36)).listeners().size(), "36 + 64 fit a limit of 100");
        assertEquals(at(2, "listeners: 37 listeners need about 101 file descriptors, more than the open-files limit "
                + "of 100 (ulimit -n / LimitNOFILE=); expected a higher limit or fewer listeners"), error(listeners(37)));
    }

    @Test
    void noOpenFilesLimitNoCheck() throws Exception {
        system.openFilesLimit = java.util.OptionalLong.empty();
        assertEquals(300, load(listeners(300)).listeners().size());
    }

    // ---- owner and group ----

    @Test
    void ownerAndGroupAreResolvedWhenRoot() throws Exception {
        ListenerConfig l = only(one(unix("app.sock"), "owner: app", "group: app", "mode: \"0660\""));
        assertEquals(Optional.of(1000), l.owner());
        assertEquals(Optional.of(1000), l.group());
        assertEquals(Optional.of(0660), l.mode());
    }

    @Test
    void numericOwner() throws Exception {
        assertEquals(Optional.of(1000), only(one(unix("app.sock"), "owner: 1000")).owner());
    }

    @Test
    void ownerOrGroupOutOfRange() {
        assertEquals(at(5, "listeners[0].owner: \"99999999999\" is out of range for a uid (0 to 2147483647); "
                + "expected an existing user name or a uid"), error(one(unix("app.sock"), "owner: 99999999999")));
        assertEquals(at(5, "listeners[0].group: \"4294967296\" is out of range for a gid (0 to 2147483647); "
                + "expected an existing group name or a gid"), error(one(unix("app.sock"), "group: \"4294967296\"")));
    }

    @Test
    void aNumericOwnerNeedsNoPasswdEntry() throws Exception {
        assertEquals(Optional.of(12345), only(one(unix("app.sock"), "owner: 12345", "group: 54321")).owner());
    }

    @Test
    void unknownOwner() {
        assertEquals(at(5, "listeners[0].owner: no user named \"nobody\"; expected an existing user name or a uid"),
                error(one(unix("app.sock"), "owner: nobody")));
    }

    @Test
    void unknownGroup() {
        assertEquals(at(5, "listeners[0].group: no group named \"staff\"; expected an existing group name or a gid"),
                error(one(unix("app.sock"), "group: staff")));
    }

    @Test
    void changingOwnerNeedsRoot() {
        system.effectiveUid = 1000;
        assertEquals(at(5, "listeners[0].owner: changing a socket's owner needs baton to run as root; "
                + "expected no `owner` key"), error(one(unix("app.sock"), "owner: root")));
    }

    @Test
    void changingGroupNeedsRoot() {
        system.effectiveUid = 1000;
        assertEquals(at(5, "listeners[0].group: changing a socket's group needs baton to run as root; "
                + "expected no `group` key"), error(one(unix("app.sock"), "group: app")));
    }

    @Test
    void ownOwnerIsFineWithoutRoot() throws Exception {
        system.effectiveUid = 1000;
        assertEquals(Optional.of(1000), only(one(unix("app.sock"), "owner: app")).owner());
    }

    // ---- what a valid config holds ----

    @Test
    void noListenersByDefault() throws Exception {
        BatonConfig c = load("command: ./app\n");
        assertEquals(List.of(), c.listeners());
        assertEquals(ListenerProtocol.SYSTEMD, c.listenerProtocol());
    }

    @Test
    void emptyListenersKeyIsNoListeners() throws Exception {
        assertEquals(List.of(), load("command: ./app\nlisteners:\n").listeners());
        assertEquals(List.of(), load("command: ./app\nlisteners: []\n").listeners());
    }

    @Test
    void defaultsOfOneTcpListener() throws Exception {
        ListenerConfig l = only(one("tcp://127.0.0.1:8080"));
        assertEquals(new ListenerConfig("web", new ListenAddress.Tcp(InetAddress.getByName("127.0.0.1"), 8080),
                1024, Optional.empty(), Optional.empty(), Optional.empty(), false), l);
        assertEquals(ListenerConfig.DEFAULT_BACKLOG, l.backlog());
        assertEquals("tcp://127.0.0.1:8080", l.address().normalized());
    }

    @Test
    void backlogIsRead() throws Exception {
        assertEquals(16, only(one("tcp://127.0.0.1:8080", "backlog: 16")).backlog());
    }

    @ParameterizedTest
    @CsvSource({
            "tcp://[::]:8080, tcp://[::]:8080",
            "tcp://[0:0:0:0:0:0:0:1]:80, tcp://[::1]:80",
            "tcp://[::1]:80, tcp://[::1]:80",
            "tcp://[2001:DB8:0:0:1:0:0:1]:443, tcp://[2001:db8::1:0:0:1]:443",
            "tcp://[fe80:0:0:0:0:0:0:1]:80, tcp://[fe80::1]:80",
            "tcp://[1:0:0:0:0:0:0:0]:80, tcp://[1::]:80",
            "tcp://[1:2:3:4:5:6:7:0]:80, tcp://[1:2:3:4:5:6:7:0]:80",
            "tcp://0.0.0.0:8080, tcp://0.0.0.0:8080",
            "tcp://127.0.0.1:08080, tcp://127.0.0.1:8080"})
    void normalizedTcpAddresses(String written, String normalized) throws Exception {
        ListenerConfig l = only(one(written));
        assertEquals(normalized, l.address().normalized());
        assertInstanceOf(ListenAddress.Tcp.class, l.address());
    }

    @Test
    void wildcardAndIpv6Flags() throws Exception {
        ListenAddress.Tcp any6 = (ListenAddress.Tcp) only(one("tcp://[::]:8080")).address();
        assertTrue(any6.ipv6());
        assertTrue(any6.wildcard());
        assertEquals("[::]:8080", any6.hostPort());
        ListenAddress.Tcp any4 = (ListenAddress.Tcp) only(one("tcp://0.0.0.0:8080")).address();
        assertFalse(any4.ipv6());
        assertTrue(any4.wildcard());
        assertEquals("0.0.0.0:8080", any4.hostPort());
    }

    @Test
    void hostNameIsResolvedAtLoad() throws Exception {
        assertTrue(InetAddress.getByName("localhost").getHostAddress().equals("127.0.0.1"),
                "this test needs localhost to resolve to 127.0.0.1 (/etc/hosts)");
        assertEquals("tcp://127.0.0.1:8080", only(one("tcp://localhost:8080")).address().normalized());
    }

    @Test
    void unixPathIsNormalized() throws Exception {
        Files.createDirectory(dir.resolve("run"));
        ListenerConfig l = only(one("unix://" + dir + "/run/./x/../app.sock"));
        assertEquals(new ListenAddress.Unix(dir.resolve("run/app.sock")), l.address());
        assertEquals("unix://" + dir.resolve("run/app.sock"), l.address().normalized());
        assertEquals(Optional.empty(), l.mode());
        assertEquals(Optional.empty(), l.owner());
        assertEquals(Optional.empty(), l.group());
    }

    @Test
    void listenersKeepConfigOrder() throws Exception {
        BatonConfig c = load("command: ./app\nlisteners:\n"
                + "  - {name: web, address: \"tcp://0.0.0.0:8080\"}\n"
                + "  - {name: admin, address: \"" + unix("admin.sock") + "\"}\n"
                + "  - {name: v6, address: \"tcp://[::1]:8081\"}\n");
        assertEquals(List.of("web", "admin", "v6"), c.listeners().stream().map(ListenerConfig::name).toList());
        assertEquals(List.of("tcp://0.0.0.0:8080", unix("admin.sock"), "tcp://[::1]:8081"),
                c.listeners().stream().map(l -> l.address().normalized()).toList());
    }

    @ParameterizedTest
    @CsvSource({"systemd, SYSTEMD", "server-starter, SERVER_STARTER", "both, BOTH", "Server-Starter, SERVER_STARTER"})
    void listenerProtocols(String written, ListenerProtocol expected) throws Exception {
        assertEquals(expected, load("command: ./app\nlistener_protocol: " + written + "\n").listenerProtocol());
    }

    @Test
    void placeholdersInAnAddress() throws Exception {
        BatonConfig c = load("command: ./app\nalternate: [\"9001\", \"9002\"]\nlisteners:\n"
                + "  - {name: web, address: \"tcp://127.0.0.1:{{alt}}\"}\n",
                new dev.baton.core.config.TemplateVars(2));
        assertEquals("tcp://127.0.0.1:9002", c.listeners().get(0).address().normalized());
    }
}
