package dev.baton.healthcheck;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.TemplateVars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The identity guard: a check on a socket baton holds can't tell the new child from the old one,
 * so it is refused at load, naming the ways out; checks that can tell are accepted.
 */
class IdentityGuardTest extends BuiltInConfigTestSupport {
    static final String WAYS_OUT = "a per-generation address ({{alt}} or {{generation}}), an http check whose `body` "
            + "must contain {{child_pid}}, or an exec check";
    static final String TCP_WHY = "the kernel accepts connections there for any child";
    static final String HTTP_WHY = "the old child may answer it";

    /** Line 2: the listeners; line 3: the healthcheck. */
    private static String yaml(String listenerAddress, String check) {
        return "command: ./app\n"
                + "listeners: [{name: web, address: \"" + listenerAddress + "\"}]\n"
                + "healthcheck: " + check + "\n";
    }

    private String refused(String target, String listener, String why) {
        return at(3, "healthcheck: " + target + " is listener \"web\" (" + listener + "), which baton holds for every "
                + "generation: " + why + ", so this check can't tell the new child from the old; expected " + WAYS_OUT);
    }

    // ---- refused ----

    @Test
    void unixCheckOnAHeldUnixListener() {
        assertEquals(refused("/tmp/web.sock", "unix:///tmp/web.sock", TCP_WHY),
                error(yaml("unix:///tmp/web.sock", "{unix: {path: /tmp/web.sock}}")));
    }

    @Test
    void httpOverAHeldUnixListener() {
        assertEquals(refused("/tmp/web.sock", "unix:///tmp/web.sock", HTTP_WHY),
                error(yaml("unix:///tmp/web.sock", "{http: {url: \"http://app/health\", socket: /tmp/web.sock}}")));
    }

    @Test
    void fastcgiOverAHeldUnixListener() {
        assertEquals(refused("/tmp/web.sock", "unix:///tmp/web.sock", HTTP_WHY),
                error(yaml("unix:///tmp/web.sock", "{fastcgi: {address: \"unix:///tmp/web.sock\"}}")));
    }

    @Test
    void httpOverAHeldUnixListenerThatProvesIdentityIsAccepted() throws Exception {
        BatonConfig c = load(yaml("unix:///tmp/web.sock",
                "{http: {url: \"http://app/health\", socket: /tmp/web.sock, expect_headers: {X-Pid: \"^{{child_pid}}$\"}}}"));
        assertEquals("/tmp/web.sock", c.healthcheck().describe().get("socket"));
    }

    @Test
    void aUnixCheckOnAnotherPathIsAccepted() throws Exception {
        BatonConfig c = load(yaml("unix:///tmp/web.sock", "{unix: {path: \"/tmp/admin-{{generation}}.sock\"}}"));
        assertEquals("/tmp/admin-1.sock", c.healthcheck().describe().get("path"));
    }

    @Test
    void tcpCheckOnAHeldTcpListener() {
        assertEquals(refused("127.0.0.1:8080", "tcp://127.0.0.1:8080", TCP_WHY),
                error(yaml("tcp://127.0.0.1:8080", "{tcp: {address: \"127.0.0.1:8080\"}}")));
    }

    @Test
    void tcpCheckOnLoopbackAgainstAWildcardListener() {
        assertEquals(refused("127.0.0.1:8080", "tcp://0.0.0.0:8080", TCP_WHY),
                error(yaml("tcp://0.0.0.0:8080", "{tcp: {address: \"127.0.0.1:8080\"}}")));
    }

    @Test
    void tcpCheckOnIpv4LoopbackAgainstADualStackListener() {
        assertEquals(refused("127.0.0.1:8080", "tcp://[::]:8080", TCP_WHY),
                error(yaml("tcp://[::]:8080", "{tcp: {address: \"127.0.0.1:8080\"}}")));
    }

    @Test
    void tcpCheckOnIpv6LoopbackAgainstAnIpv6Listener() {
        // the target is shown as host:port without brackets ("::1:8080"); only the listener part is pinned here
        String m = error(yaml("tcp://[::1]:8080", "{tcp: {address: \"[::1]:8080\"}}"));
        assertTrue(m.startsWith(at(3, "healthcheck: ")), m);
        assertTrue(m.endsWith(" is listener \"web\" (tcp://[::1]:8080), which baton holds for every generation: "
                + TCP_WHY + ", so this check can't tell the new child from the old; expected " + WAYS_OUT), m);
    }

    @Test
    void tcpCheckThroughAHostName() throws Exception {
        assertTrue(InetAddress.getByName("localhost").getHostAddress().equals("127.0.0.1"),
                "this test needs localhost to resolve to 127.0.0.1 (/etc/hosts)");
        assertEquals(refused("localhost:8080", "tcp://127.0.0.1:8080", TCP_WHY),
                error(yaml("tcp://127.0.0.1:8080", "{tcp: {address: \"localhost:8080\"}}")));
    }

    /**
     * Java's connect (like Linux's) sends a connection to the any address 0.0.0.0 to the local host
     * ({@code InetAddress.getLocalHost()}), so this check reaches the held socket and always passes.
     * BUG: IdentityGuard.reaches() only treats an any-address target specially for wildcard listeners.
     */
    @Test
    void tcpCheckOnTheAnyAddressAgainstTheLocalHostListener() throws Exception {
        InetAddress local = InetAddress.getLocalHost();
        assertTrue(local instanceof java.net.Inet4Address, "this test needs the local host name to resolve to an IPv4 address");
        String listener = "tcp://" + local.getHostAddress() + ":8080";
        assertEquals(refused("0.0.0.0:8080", listener, TCP_WHY),
                error(yaml(listener, "{tcp: {address: \"0.0.0.0:8080\"}}")));
    }

    @Test
    void httpCheckOnAHeldAddress() {
        assertEquals(refused("127.0.0.1:8080", "tcp://127.0.0.1:8080", HTTP_WHY),
                error(yaml("tcp://127.0.0.1:8080", "{http: {url: \"http://127.0.0.1:8080/health\"}}")));
    }

    @Test
    void httpCheckOnTheDefaultPort() {
        assertEquals(refused("127.0.0.1:80", "tcp://0.0.0.0:80", HTTP_WHY),
                error(yaml("tcp://0.0.0.0:80", "{http: {url: \"http://127.0.0.1/health\"}}")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok", "pid=\\\\d+", "{{generation}}"})
    void httpCheckWhoseBodyDoesNotNameTheChildPid(String body) {
        assertEquals(refused("127.0.0.1:8080", "tcp://127.0.0.1:8080", HTTP_WHY),
                error(yaml("tcp://127.0.0.1:8080",
                        "{http: {url: \"http://127.0.0.1:8080/health\", body: \"" + body + "\"}}")));
    }

    @Test
    void secondListenerIsNamed() {
        assertEquals(at(5, "healthcheck: 127.0.0.1:9000 is listener \"admin\" (tcp://127.0.0.1:9000), which baton "
                + "holds for every generation: " + TCP_WHY + ", so this check can't tell the new child from the old; "
                + "expected " + WAYS_OUT), error("""
                command: ./app
                listeners:
                  - {name: web, address: "tcp://127.0.0.1:8080"}
                  - {name: admin, address: "tcp://127.0.0.1:9000"}
                healthcheck: {tcp: {address: "127.0.0.1:9000"}}
                """));
    }

    @Test
    void aSameGenerationAlternateIsStillRefused() {
        // {{alt}} only helps if the value differs from the held port
        assertEquals(refused("127.0.0.1:8080", "tcp://127.0.0.1:8080", TCP_WHY).replace(at(3, ""), at(4, "")),
                error("command: ./app\nalternate: [\"8080\"]\n"
                        + "listeners: [{name: web, address: \"tcp://127.0.0.1:8080\"}]\n"
                        + "healthcheck: {tcp: {address: \"127.0.0.1:{{alt}}\"}}\n"));
    }

    // ---- accepted ----

    @Test
    void httpWithABodyThatMustContainTheChildPid() throws Exception {
        BatonConfig c = load(yaml("tcp://127.0.0.1:8080",
                "{http: {url: \"http://127.0.0.1:8080/health\", body: \"pid={{child_pid}}\"}}"));
        assertEquals("pid={{child_pid}}", c.healthcheck().describe().get("body"),
                "{{child_pid}} stays for the check to render");
    }

    @Test
    void httpBodyAnchoredAsInTheReadme() throws Exception {
        load(yaml("tcp://0.0.0.0:8080", "{http: {url: \"http://127.0.0.1:8080/health\", body: \"^pid={{child_pid}}$\"}}"));
    }

    @Test
    void perGenerationAddressThroughAlt() throws Exception {
        String yaml = """
                command: ./app
                alternate: ["9001", "9002"]
                env: {ADMIN_PORT: "{{alt}}"}
                listeners: [{name: web, address: "tcp://127.0.0.1:8080"}]
                healthcheck: {http: {url: "http://127.0.0.1:{{alt}}/health"}}
                """;
        assertEquals("http://127.0.0.1:9001/health", load(yaml).healthcheck().describe().get("url"));
        assertEquals("http://127.0.0.1:9002/health", load(yaml, new TemplateVars(2)).healthcheck().describe().get("url"));
    }

    @Test
    void generationInThePort() throws Exception {
        BatonConfig c = load(yaml("tcp://0.0.0.0:8080", "{tcp: {address: \"127.0.0.1:900{{generation}}\"}}"));
        assertEquals("127.0.0.1:9001", c.healthcheck().describe().get("address"));
    }

    @Test
    void execCheck() throws Exception {
        load(yaml("tcp://0.0.0.0:8080", "{exec: {command: [./app]}}"));
    }

    @Test
    void aliveCheckByDefault() throws Exception {
        load("command: ./app\nlisteners: [{name: web, address: \"tcp://0.0.0.0:8080\"}]\n");
    }

    @Test
    void tcpCheckOnADifferentPort() throws Exception {
        load(yaml("tcp://127.0.0.1:8080", "{tcp: {address: \"127.0.0.1:8081\"}}"));
        load(yaml("tcp://0.0.0.0:8080", "{tcp: {address: \"127.0.0.1:8081\"}}"));
    }

    @Test
    void tcpCheckOnAnotherAddressOfASpecificListener() throws Exception {
        // the listener is on 127.0.0.1 only: 127.0.0.2 is another socket, not the held one
        load(yaml("tcp://127.0.0.1:8080", "{tcp: {address: \"127.0.0.2:8080\"}}"));
    }

    @Test
    void unixListenerWithAnyTcpCheck() throws Exception {
        String sock = "unix://" + dir.resolve("app.sock");
        load(yaml(sock, "{tcp: {address: \"127.0.0.1:8080\"}}"));
        load(yaml(sock, "{http: {url: \"http://127.0.0.1:8080/health\"}}"));
    }

    @Test
    void noListenersNoGuard() throws Exception {
        load("command: ./app\nhealthcheck: {tcp: {address: \"127.0.0.1:8080\"}}\n");
    }

    // ---- {{child_pid}} is for healthcheck only ----

    @Test
    void childPidOutsideTheHealthcheckIsUnknown() {
        assertEquals(at(2, "env.PID: unknown placeholder {{child_pid}}; expected one of {{generation}}, {{alt}}"),
                error("command: ./app\nenv: {PID: \"{{child_pid}}\"}\n"));
    }

    @Test
    void childPidInAListenerAddressIsUnknown() {
        String m = error("command: ./app\nlisteners: [{name: web, address: \"tcp://127.0.0.1:{{child_pid}}\"}]\n");
        assertTrue(m.startsWith(at(2, "listeners[0].address: unknown placeholder {{child_pid}}; expected one of ")), m);
    }

    @Test
    void childPidAfterTheHealthcheckIsUnknownAgain() {
        // the healthcheck is read before `log`: the placeholder must not leak out of it
        String m = error("command: ./app\nhealthcheck: {http: {url: \"http://127.0.0.1:9/\", body: \"{{child_pid}}\"}}\n"
                + "log: {level: \"{{child_pid}}\"}\n");
        assertTrue(m.startsWith(at(3, "log.level: unknown placeholder {{child_pid}}; expected one of ")), m);
    }
}
