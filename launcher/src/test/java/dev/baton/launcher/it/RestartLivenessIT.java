package dev.baton.launcher.it;

import dev.baton.core.supervisor.Pidfile;
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
 * Restart in place and liveness replacement, through sockets baton holds, under paced load: the
 * child dies (SIGKILL) or hangs (SIGSTOP), baton replaces it, and connections that arrive meanwhile
 * wait in the backlog. The only requests that may fail are those on connections the dead or hung
 * child had already accepted; they are counted apart from all others, which must be 0.
 */
class RestartLivenessIT extends ItBase {
    static final Duration STEP = Duration.ofSeconds(20);
    /** Load threads: as many with a new connection per request as with keep-alive. */
    static final int PER_KIND = 2;

    private Path config(int port, String extra) {
        pidfile = dir.resolve("baton.pid");
        return write("app.yaml", String.join("\n",
                "command: [python3, \"" + ListenersIT.examples().resolve("listeners/python/app.py") + "\"]",
                "pidfile: " + pidfile,
                "upgrade: {mode: inplace, timeout: 10s}",
                "shutdown: {timeout: 1s}",
                "listeners: [{name: web, address: \"tcp://127.0.0.1:" + port + "\"}]",
                "healthcheck: {http: {url: \"http://127.0.0.1:" + port + "/health\", body: \"^pid={{child_pid}}$\", "
                        + "interval: 20ms}}",
                extra,
                ""));
    }

    /** The pid of the child that generation {@code g} started, from the last such log line. */
    private static long childOf(Baton baton, int g) {
        Matcher m = Pattern.compile("generation=" + g + " pid=(\\d+) child started").matcher(baton.log());
        long pid = -1;
        while (m.find()) {
            pid = Long.parseLong(m.group(1));
        }
        assertTrue(pid > 0, "no child of generation " + g + "\n" + baton.log());
        return pid;
    }

    /**
     * At most one request per load thread can be on a connection the dead child had accepted;
     * none may be refused, time out or get a non-200.
     */
    private static void onlyInFlightFailed(Load load, int incidents, String summary) {
        assertEquals(0, load.failed(Load.Failure.REFUSED), "refused: " + summary);
        assertEquals(0, load.failed(Load.Failure.NON_2XX), "non-200: " + summary);
        assertEquals(0, load.failed(Load.Failure.TIMEOUT), "timed out: " + summary);
        assertTrue(load.failed(Load.Failure.RESET) <= (long) incidents * PER_KIND * 2,
                "more resets than requests in flight on the children that went: " + summary);
    }

    @Test
    void aChildKilledFiveTimesIsRestartedInPlaceAndTheSixthCrashEndsBaton() {
        int port = Http.freePort();
        Baton baton = run(config(port, "restart: {policy: on-failure, backoff: 100ms, max_backoff: 800ms, max: 5, "
                + "within: 10m}"));
        baton.awaitReady();
        long batonPid = Pidfile.read(pidfile).orElseThrow();
        try (Load load = new Load(Load.tcp(port), PER_KIND, Duration.ofMinutes(2))) {
            for (int i = 1; i <= 5; i++) {
                long before = load.total();
                Await.until("requests to generation " + i, STEP, () -> load.total() > before + 20);
                Procs.kill(childOf(baton, i), "KILL");
                baton.awaitLog("restart completed: generation " + (i + 1) + " took over", STEP);
            }
            long before = load.total();
            Await.until("requests to the last generation", STEP, () -> load.total() > before + 20);
            load.close();
            String summary = "5 crashes, " + load.report();
            System.out.println(getClass().getSimpleName() + " restart: " + summary);
            onlyInFlightFailed(load, 5, summary);
        }
        assertEquals(batonPid, Pidfile.read(pidfile).orElseThrow(), "the pidfile names the same baton throughout");
        List<String> backoffs = Pattern.compile("child killed by SIGKILL; restart (\\d) of 5 within 10m in (\\S+) as "
                + "generation").matcher(baton.log()).results().map(r -> r.group(1) + ":" + r.group(2)).toList();
        assertEquals(List.of("1:100ms", "2:200ms", "3:400ms", "4:800ms", "5:800ms"), backoffs, baton.log());
        List<Long> waited = waits(baton.log());
        List<Long> planned = List.of(100L, 200L, 400L, 800L, 800L);
        for (int i = 0; i < 5; i++) {
            assertTrue(waited.get(i) >= planned.get(i) - 2, "restart " + (i + 1) + " waited " + waited.get(i)
                    + " ms, its backoff is " + planned.get(i) + " ms\n" + baton.log());
        }
        System.out.println(getClass().getSimpleName() + " restart: from death to the new child's spawn, ms: " + waited);

        Procs.kill(childOf(baton, 6), "KILL");
        assertEquals(128 + 9, baton.awaitExit(STEP), "baton dies by the child's signal\n" + baton.log());
        assertTrue(baton.log().contains("child killed by SIGKILL; giving up: 5 restarts within 10m (restart.max: 5); "
                + "exiting as the child did"), baton.log());
    }

    /** Milliseconds from each "restart N of" line to the next "child started" line, by the log's timestamps. */
    private static List<Long> waits(String log) {
        List<Long> out = new java.util.ArrayList<>();
        Long died = null;
        for (String line : log.split("\n")) {
            if (line.contains("; restart ") && line.contains(" as generation ")) {
                died = millis(line);
            } else if (died != null && line.contains(" child started: ")) {
                out.add(millis(line) - died);
                died = null;
            }
        }
        return out;
    }

    private static long millis(String line) {
        return java.time.Instant.parse(line.substring(0, line.indexOf(' '))).toEpochMilli();
    }

    @Test
    void aHungChildIsReplacedAndKilledWhileNewRequestsSucceed() {
        int port = Http.freePort();
        Baton baton = run(config(port, "liveness: {http: {url: \"http://127.0.0.1:" + port + "/health\", "
                + "interval: 100ms, timeout: 300ms, failures_allowed: 1}, action: replace}"));
        baton.awaitReady();
        long hung = childOf(baton, 1);
        try (Load load = new Load(Load.tcp(port), PER_KIND, Duration.ofMinutes(2))) {
            long before = load.total();
            Await.until("requests to generation 1", STEP, () -> load.total() > before + 20);
            Procs.kill(hung, "STOP");
            baton.awaitLog("liveness check failed 2 times in a row .*; replacing the child \\(trigger: liveness\\)",
                    STEP);
            baton.awaitLog("flip completed: generation 2 took over from generation 1", STEP);
            baton.awaitLog("generation=1 pid=" + hung + " process group still running 1s after SIGTERM; sending SIGKILL",
                    STEP);
            Await.until("the hung child is gone", STEP, () -> !Procs.alive(hung));
            long after = load.total();
            Await.until("requests to generation 2", STEP, () -> load.total() > after + 50);
            load.close();
            String summary = "1 hang, " + load.report();
            System.out.println(getClass().getSimpleName() + " liveness: " + summary);
            onlyInFlightFailed(load, 1, summary);
        }
        assertTrue(baton.log().contains("flip initiated (trigger: liveness)"), baton.log());
        assertFalse(baton.log().contains("generation=2 pid=" + childOf(baton, 2) + " liveness check failed"),
                baton.log());
    }
}
