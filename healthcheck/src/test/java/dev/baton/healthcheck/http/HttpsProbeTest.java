package dev.baton.healthcheck.http;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckFailedException;
import dev.baton.core.spi.Probe;
import dev.baton.healthcheck.ChannelServer;
import dev.baton.healthcheck.ProbeTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.baton.healthcheck.ChannelServer.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code http:} with an https:// url and {@code ca:}, against the JDK's HTTPS server with a
 * self-signed certificate for 127.0.0.1 made by keytool.
 */
class HttpsProbeTest extends ProbeTestSupport {
    static final String PASSWORD = "changeit";
    static final String UNTRUSTED = "unable to find valid certification path to requested target";

    @TempDir
    static Path certs;
    static SSLContext serverTls;
    /** The server's certificate, which is its own CA. */
    static Path serverPem;
    /** Another self-signed certificate that signed nothing the server has. */
    static Path otherPem;

    HttpTestServer server;
    String url;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Path serverKeys = certs.resolve("server.p12");
        Path otherKeys = certs.resolve("other.p12");
        serverPem = certs.resolve("server.pem");
        otherPem = certs.resolve("other.pem");
        // two at a time: each keytool is a JVM start
        keytool(List.of(genkeypair(serverKeys, "CN=localhost"), genkeypair(otherKeys, "CN=other")));
        keytool(List.of(exportcert(serverKeys, serverPem), exportcert(otherKeys, otherPem)));

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeys)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
    }

    private static List<String> genkeypair(Path keystore, String dname) {
        return List.of("-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "s", "-dname", dname,
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
    }

    private static List<String> exportcert(Path keystore, Path pem) {
        return List.of("-exportcert", "-rfc", "-alias", "s", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", pem.toString());
    }

    /** Runs keytool once per argument list, all at the same time, and waits for each to succeed. */
    private static void keytool(List<List<String>> runs) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<Process> started = new ArrayList<>();
        for (List<String> args : runs) {
            List<String> cmd = new ArrayList<>();
            cmd.add(keytool.toString());
            cmd.add("-J-XX:TieredStopAtLevel=1");
            cmd.add("-J-XX:+UseSerialGC");
            cmd.addAll(args);
            started.add(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }
        for (int i = 0; i < started.size(); i++) {
            Process p = started.get(i);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
            assertEquals(0, p.exitValue(), () -> "keytool " + runs + " failed: " + output);
        }
    }

    @BeforeEach
    void startServer() throws Exception {
        server = closeLater(HttpTestServer.https(serverTls));
        url = server.url();
    }

    private String check(String more) {
        return "http:\n  url: \"" + url + "\"\n" + more.indent(2);
    }

    @Test
    void passesWhenTheCaFileHoldsTheServersCertificate() throws Exception {
        server.reply = Reply.of(200, "pid=4242");
        assertEquals(Attempt.PASS, attempt(check("ca: \"" + serverPem + "\"\nbody: \"pid={{child_pid}}\"")));
        assertEquals("/health", next(server.requests).target());
    }

    @Test
    void passesWithABundleThatHoldsTheRightCertificateAmongOthers() throws Exception {
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, Files.readString(otherPem) + Files.readString(serverPem));
        assertEquals(Attempt.PASS, attempt(check("ca: bundle.pem")));
    }

    @Test
    void theHandshakeFailsWithoutCa() throws Exception {
        assertEquals(fail("TLS handshake with " + url + " failed: " + UNTRUSTED), attempt(check("")));
        assertTrue(server.requests.isEmpty(), "no request gets through: " + server.requests);
    }

    @Test
    void theHandshakeFailsWithAnotherCa() throws Exception {
        assertEquals(fail("TLS handshake with " + url + " failed: " + UNTRUSTED),
                attempt(check("ca: \"" + otherPem + "\"")));
        assertTrue(server.requests.isEmpty(), "no request gets through: " + server.requests);
    }

    @Test
    void statusAndHeadersAreCheckedOverTls() throws Exception {
        server.reply = Reply.of(503, "").withHeader("X-Ready", "no");
        assertEquals(fail("503 from " + url), attempt(check("ca: \"" + serverPem + "\"")));
        server.reply = Reply.OK.withHeader("X-Ready", "no");
        assertEquals(fail("X-Ready header from " + url + " does not match /yes/"),
                attempt(check("ca: \"" + serverPem + "\"\nexpect_headers: {X-Ready: \"yes\"}")));
    }

    @Test
    void aCaFileGoneAfterLoadingFailsTheCheckForGood() throws Exception {
        Path pem = Files.copy(serverPem, dir.resolve("ca.pem"));
        Probe probe = probe(check("ca: ca.pem"));
        Files.delete(pem);
        CheckFailedException e = assertThrows(CheckFailedException.class, () -> probe.attempt(ctx, Duration.ofSeconds(2)));
        assertEquals("cannot use the CA file " + pem + ": it does not exist", e.getMessage());
        assertTrue(server.requests.isEmpty(), "nothing was sent: " + server.requests);
    }

    @Test
    void noAnswerToTheHandshakeWithinTheTimeout() throws Exception {
        java.util.concurrent.BlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
        ChannelServer hung = closeLater(ChannelServer.tcp(ChannelServer.hung(received)));
        url = "https://127.0.0.1:" + hung.port() + "/health";
        assertEquals(fail("no answer from " + url + " within 300ms"),
                timedAttempt(check("ca: \"" + serverPem + "\"\ntimeout: 300ms")));
        assertEquals(0x16, next(received).charAt(0), "a TLS handshake record arrived");
    }
}
