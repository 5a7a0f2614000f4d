package dev.baton.launcher.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flip records on real processes: an in-place flip, a re-exec flip and a failed one each give one
 * record; {@code baton history} lists all three across the re-exec (the new baton reads what the
 * old one wrote), {@code baton status} shows them with the service's uptime, each record's phases
 * add up to its whole within 5 ms and the whole fits in what the client measured, and in JSON logs
 * the flip line is the record itself with {@code "event":"flip"}.
 */
class FlipRecordIT extends ItBase {
    static final Duration STEP = Duration.ofSeconds(60);
    private static final Pattern TOTAL = Pattern.compile("\"total_ms\":([0-9.]+),\"phases\":\\{([^}]*)\\}");
    private static final Pattern PHASE = Pattern.compile("\"([a-z_]+)_ms\":([0-9.]+)");

    private Path cfg;

    private Path config(int port, String upgradeTimeout) {
        cfg = write("app.yaml", String.join("\n",
                "command: [python3, \"" + ListenersIT.examples().resolve("listeners/python/app.py") + "\"]",
                "upgrade: {mode: inplace, timeout: " + upgradeTimeout + "}",
                "shutdown: {timeout: 5s}",
                "log: {format: json}",
                "listeners: [{name: web, address: \"tcp://127.0.0.1:" + port + "\"}]",
                "healthcheck: {http: {url: \"http://127.0.0.1:" + port + "/health\", body: \"^pid={{child_pid}}$\", "
                        + "interval: 20ms}}",
                ""));
        return cfg;
    }

    private Baton cli(String... args) {
        Baton b = Baton.start(dir, env(), args);
        batons.add(b);
        return b;
    }

    /** The phases of every record in {@code json}: their sum against the record's total, in ms. */
    private static void phasesAddUp(String json) {
        Matcher m = TOTAL.matcher(json);
        int n = 0;
        while (m.find()) {
            double total = Double.parseDouble(m.group(1));
            double sum = 0;
            Matcher p = PHASE.matcher(m.group(2));
            while (p.find()) {
                sum += Double.parseDouble(p.group(2));
            }
            assertTrue(Math.abs(total - sum) <= 5, "phases " + sum + " ms against the whole " + total + " ms: " + json);
            n++;
        }
        assertTrue(n > 0, json);
    }

    @Test
    void everyFlipHasOneRecordKeptAcrossReexecFlips() {
        int port = Http.freePort();
        config(port, "20s");
        Baton baton = run(cfg);
        baton.awaitLog("\"event\":\"ready\"", STEP); // JSON logs

        long t0 = System.nanoTime();
        Baton inPlace = cli("upgrade", "-c", cfg.toString());
        assertEquals(0, inPlace.awaitExit(STEP), inPlace.log() + baton.log());
        double clientMs = (System.nanoTime() - t0) / 1e6;

        Baton reexec = cli("upgrade", "--reexec", "-c", cfg.toString());
        assertEquals(0, reexec.awaitExit(STEP), reexec.log() + baton.log());

        config(port, "soon");
        Baton bad = cli("upgrade", "-c", cfg.toString());
        assertEquals(78, bad.awaitExit(STEP), bad.log());
        config(port, "20s");

        Baton history = cli("history", "-c", cfg.toString());
        assertEquals(0, history.awaitExit(STEP), history.log());
        List<String> lines = history.out().lines().toList();
        assertTrue(lines.get(0).startsWith("service started "), history.out());
        assertEquals(4, lines.size(), history.out());
        assertTrue(lines.get(1).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  flip 1 → 2 \\(upgrade, in place\\) "
                + "committed in .*config read .*child spawned .*healthy .*takeover .*old child signalled .*old child gone"
                + ".*; child pid \\d+"), lines.get(1));
        assertTrue(lines.get(2).contains("flip 2 → 3 (upgrade, re-exec) committed in ")
                && lines.get(2).contains("new baton started "), lines.get(2));
        assertTrue(lines.get(3).contains("flip 3 → 4 (upgrade, in place) failed in ")
                && lines.get(3).contains("upgrade.timeout: \"soon\" is not a duration"), lines.get(3));

        Baton json = cli("history", "--json", "-c", cfg.toString());
        assertEquals(0, json.awaitExit(STEP));
        assertTrue(json.out().startsWith("{\"service_started\":\""), json.out());
        phasesAddUp(json.out());
        Matcher first = TOTAL.matcher(json.out());
        assertTrue(first.find());
        assertTrue(Double.parseDouble(first.group(1)) <= clientMs,
                "the in-place flip's whole (" + first.group(1) + " ms) is within what baton upgrade took (" + clientMs + ")");

        Baton status = cli("status", "-c", cfg.toString());
        assertEquals(0, status.awaitExit(STEP));
        assertTrue(status.out().contains("  service up:  ") && status.out().contains("  recent flips (oldest first):\n"),
                status.out());
        assertEquals(3, status.out().lines().filter(l -> l.matches("    \\d{4}-.*  flip \\d → \\d .*")).count(), status.out());

        String log = baton.log();
        assertTrue(log.lines().anyMatch(l -> l.startsWith("{") && l.contains("\"event\":\"flip\"")
                && l.contains("\"flip\":{\"event\":\"flip\",\"old_generation\":1,\"generation\":2,")), log);
        assertFalse(log.lines().anyMatch(l -> l.startsWith("{") && !l.contains("\"event\":\"")), "every JSON line has an event");
        assertFalse(log.contains("\"pid\":"), "the child's pid is child_pid, as in status");

        var inCharge = Pattern.compile("baton pid (\\d+),").matcher(reexec.out());
        assertTrue(inCharge.find(), reexec.out());
        long pid = Long.parseLong(inCharge.group(1));
        Procs.kill(pid, "TERM"); // the baton in charge is the re-exec flip's, not the one the test started
        Await.until("the service stopped", STEP, () -> !Procs.alive(pid));
    }
}
