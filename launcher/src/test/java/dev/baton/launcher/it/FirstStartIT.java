package dev.baton.launcher.it;

import dev.baton.core.supervisor.Pidfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** First start with each check kind, the pidfile, stdio, and exit-status relay. */
class FirstStartIT extends ItBase {

    private void startsAndStops(String healthcheck, String... flags) {
        int port = Http.freePort();
        Path pidfile = dir.resolve("baton.pid");
        String[] all = new String[flags.length + 2];
        all[0] = "--port";
        all[1] = Integer.toString(port);
        System.arraycopy(flags, 0, all, 2, flags.length);
        Path cfg = write("app.yaml", String.join("\n",
                "command: " + app(all),
                "pidfile: " + pidfile,
                "upgrade: {mode: inplace, timeout: 20s}",
                "healthcheck: " + healthcheck.replace("PORT", Integer.toString(port)),
                ""));
        Baton baton = run(cfg);
        baton.awaitReady();
        long child = baton.childPid(1);
        assertEquals(child, Http.pid(port), "the child answers");
        assertEquals(baton.pid(), Pidfile.read(pidfile).orElse(-1), "pidfile holds baton's pid");
        baton.signal("TERM");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(10)), "the child exited 0 on TERM, and so does baton");
        assertFalse(Files.exists(pidfile), "pidfile removed at exit");
        assertFalse(Procs.alive(child));
    }

    @Test
    void alive() {
        startsAndStops("{alive: {duration: 300ms}}");
    }

    @Test
    void tcp() {
        startsAndStops("{tcp: {address: \"127.0.0.1:PORT\", interval: 20ms}}");
    }

    @Test
    void http() {
        startsAndStops("{http: {url: \"http://127.0.0.1:PORT/health\", status: 2xx}}");
    }

    @Test
    void exec() {
        Path ready = dir.resolve("ready");
        startsAndStops("{exec: {command: [test, -f, \"" + ready + "\"], interval: 20ms}}", "--ready-file",
                ready.toString());
    }

    @Test
    void stdioPassesThrough() throws Exception {
        Path cfg = write("app.yaml", "command: " + app("--stdio") + "\nhealthcheck: {alive: {duration: 100ms}}\n");
        Path input = dir.resolve("input.txt");
        Files.writeString(input, "one\ntwo\n");
        Baton baton = Baton.start(dir, env(), java.lang.ProcessBuilder.Redirect.from(input.toFile()), "run", "-c",
                cfg.toString());
        batons.add(baton);
        // stdin reaches EOF, the app's loop ends and it waits; stop it
        Await.until("the child to echo stdin", Duration.ofSeconds(20), () -> baton.out().contains("echo: two"));
        baton.signal("TERM");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(10)));
        assertEquals("out: hello\necho: one\necho: two\n", baton.out(), "stdout holds the child's output only");
        assertTrue(baton.log().contains("err: hello\n"), "the child's stderr passes through");
    }

    @Test
    void exitCodeIsRelayed() {
        assertEquals("exited 7", waitStatus(app("--exit-after", "0.3", "--exit-code", "7")));
    }

    @Test
    void deathBySignalIsRelayed() {
        assertEquals("signaled 10", waitStatus(app("--exit-after", "0.3", "--die-by", "USR1")));
    }

    @Test
    void childExitingBeforeHealthyIsRelayed() {
        assertEquals("exited 3", waitStatus(app("--exit-at-start", "3")));
    }

    @Test
    void neverHealthyFirstChildExits69() {
        Path cfg = write("app.yaml", "command: " + app() + "\nupgrade: {timeout: 500ms}\n"
                + "healthcheck: {tcp: {address: \"127.0.0.1:" + Http.freePort() + "\"}}\n");
        Baton baton = run(cfg);
        assertEquals(69, baton.awaitExit(Duration.ofSeconds(20)));
        assertTrue(baton.log().contains("not healthy within 500ms"), baton.log());
    }

    private String waitStatus(String command) {
        Path cfg = write("app.yaml", "command: " + command + "\nhealthcheck: {alive: {duration: 100ms}}\n");
        Path helper = testapp().resolveSibling("waitstatus.py");
        ProcessBuilder pb = new ProcessBuilder("python3", helper.toString(), Baton.bin().toString(), "run", "-c",
                cfg.toString()).redirectError(dir.resolve("err.txt").toFile());
        pb.environment().putAll(Map.of("IT_TAG", tag));
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Issue 12, item 9: started with stdin, stdout and stderr closed ({@code <&- >&- 2>&-}),
     * bin/baton gives baton /dev/null in their place; otherwise the JVM's own files take fds 0-2
     * and the child inherits them (0.1.0's child read the JDK's lib/modules as its stdin).
     */
    @Test
    void closedStdioBecomesDevNullForBatonAndItsChild() throws Exception {
        Path report = dir.resolve("stdio");
        Path cfg = write("app.yaml", String.join("\n",
                "command: [sh, -c, \"python3 -c \\\"import os; open('" + report + ".tmp', 'w').write(' '.join("
                        + "os.readlink('/proc/self/fd/%d' % i) for i in range(3)))\\\" && mv " + report + ".tmp "
                        + report + " && exec sleep 60\"]",
                "upgrade: {mode: inplace}",
                "healthcheck: {alive: {duration: 100ms}}",
                ""));
        Baton baton = Baton.startVia(dir, env(), "sh", "-c", "exec \"$0\" run -c \"$1\" <&- >&- 2>&-",
                Baton.bin().toString(), cfg.toString());
        batons.add(baton);
        Await.until("the child's report", Duration.ofSeconds(20), () -> Files.exists(report));
        assertEquals("/dev/null /dev/null /dev/null", Files.readString(report));
        baton.signal("TERM");
        assertEquals(143, baton.awaitExit(Duration.ofSeconds(10)), "the child (sleep) dies by TERM, and so does baton");
    }
}
