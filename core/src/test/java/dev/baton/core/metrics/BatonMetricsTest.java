package dev.baton.core.metrics;

import dev.baton.core.os.ChildExit;
import dev.baton.core.supervisor.FlipRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.baton.core.metrics.Samples.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatonMetricsTest {
    private final List<String> history = new ArrayList<>();
    private final BatonMetrics metrics = new BatonMetrics("1.2.3", () -> List.copyOf(history));

    @TempDir
    Path dir;

    private static FlipRecord record(long from, FlipRecord.Trigger trigger, FlipRecord.Result result, long healthyMs) {
        Map<FlipRecord.Phase, Duration> phases = new LinkedHashMap<>();
        phases.put(FlipRecord.Phase.CONFIG_READ, Duration.ofMillis(20));
        phases.put(FlipRecord.Phase.CHILD_SPAWNED, Duration.ofMillis(5));
        phases.put(FlipRecord.Phase.HEALTHY, Duration.ofMillis(healthyMs));
        return new FlipRecord(from, from + 1, trigger, FlipRecord.Mode.IN_PLACE, result, null,
                Instant.parse("2026-12-02T10:00:00Z").plusSeconds(from), phases,
                Duration.ofMillis(25 + healthyMs), from + 100);
    }

    private void flip(FlipRecord r) {
        history.add(r.toJson());
        metrics.flipRecorded(r);
    }

    @Test
    void aFreshBatonExportsEveryFamilyAtZeroAndItsVersion() {
        String t = metrics.render();
        for (String result : BatonMetrics.RESULTS) {
            assertEquals(0, value(t, "baton_flips_total{result=\"" + result + "\"}"));
        }
        assertEquals(0, value(t, "baton_restarts_total"));
        assertEquals(0, value(t, "baton_child_up"));
        assertEquals(0, value(t, "baton_flip_duration_seconds_count{phase=\"total\"}"));
        assertEquals(1, value(t, "baton_build_info{version=\"1.2.3\"}"));
    }

    @Test
    void theServingGenerationAndItsChildFollowTheEvents() {
        metrics.ready(1, 10);
        assertEquals(1, value(metrics.render(), "baton_generation"));
        assertEquals(1, value(metrics.render(), "baton_child_up"));
        metrics.restarting(2, new ChildExit.Exited(1), Duration.ofSeconds(1));
        assertEquals(0, value(metrics.render(), "baton_child_up"));
        metrics.restartEnded(2, null);
        assertEquals(2, value(metrics.render(), "baton_generation"));
        assertEquals(1, value(metrics.render(), "baton_child_up"));
        metrics.servingChanged(3, 30);
        metrics.draining(List.of("generation 1", "generation 2"));
        assertEquals(3, value(metrics.render(), "baton_generation"));
        assertEquals(2, value(metrics.render(), "baton_draining_generations"));
        metrics.stopping();
        assertEquals(0, value(metrics.render(), "baton_child_up"));
    }

    @Test
    void flipsCountByResultAndTheirPhasesFillTheHistograms() {
        flip(record(1, FlipRecord.Trigger.SIGNAL, FlipRecord.Result.COMMITTED, 300));
        flip(record(2, FlipRecord.Trigger.UPGRADE, FlipRecord.Result.FAILED, 2000));
        flip(record(3, FlipRecord.Trigger.RESTART, FlipRecord.Result.COMMITTED, 40));
        metrics.flipEnded(3, null); // the same records again: counted once
        String t = metrics.render();
        assertEquals(1, value(t, "baton_flips_total{result=\"committed\"}"));
        assertEquals(1, value(t, "baton_flips_total{result=\"failed\"}"));
        assertEquals(1, value(t, "baton_restarts_total"), "a restart is no flip");
        assertEquals(2, value(t, "baton_flip_duration_seconds_count{phase=\"healthy\"}"));
        assertEquals(2.3, value(t, "baton_flip_duration_seconds_sum{phase=\"healthy\"}"), 1e-9);
        assertEquals(1, value(t, "baton_flip_duration_seconds_bucket{phase=\"healthy\",le=\"0.5\"}"));
        assertEquals(2, value(t, "baton_flip_duration_seconds_bucket{phase=\"healthy\",le=\"2.5\"}"));
        assertEquals(2.35, value(t, "baton_flip_duration_seconds_sum{phase=\"total\"}"), 1e-9);
        assertEquals(0, value(t, "baton_flip_duration_seconds_count{phase=\"takeover\"}"), "a phase that did not happen");
    }

    @Test
    void aNewBatonGoesOnFromTheHistoryAndCountsTheRecordItsOldBatonWrote() {
        flip(record(1, FlipRecord.Trigger.SIGNAL, FlipRecord.Result.COMMITTED, 300));
        flip(record(2, FlipRecord.Trigger.SIGNAL, FlipRecord.Result.ROLLED_BACK, 300));
        BatonMetrics newBaton = new BatonMetrics("1.2.4", () -> List.copyOf(history));
        assertEquals(1, value(newBaton.render(), "baton_flips_total{result=\"committed\"}"));
        history.add(record(3, FlipRecord.Trigger.UPGRADE, FlipRecord.Result.COMMITTED, 300).toJson());
        newBaton.tookOver(4, 400);
        newBaton.flipEnded(4, null);
        String t = newBaton.render();
        assertEquals(2, value(t, "baton_flips_total{result=\"committed\"}"));
        assertEquals(1, value(t, "baton_flips_total{result=\"rolled_back\"}"));
        assertEquals(4, value(t, "baton_generation"));
    }

    @Test
    void recordsThatLeaveTheKeptHistoryStayCounted() {
        flip(record(1, FlipRecord.Trigger.SIGNAL, FlipRecord.Result.COMMITTED, 300));
        flip(record(2, FlipRecord.Trigger.SIGNAL, FlipRecord.Result.COMMITTED, 300));
        history.remove(0); // the history keeps its last records only
        flip(record(3, FlipRecord.Trigger.SIGNAL, FlipRecord.Result.COMMITTED, 300));
        assertEquals(3, value(metrics.render(), "baton_flips_total{result=\"committed\"}"));
    }

    @Test
    void checkAttemptsAreTimedByCheck() {
        metrics.checkAttempted(1, false, Duration.ofMillis(3));
        metrics.checkAttempted(1, false, Duration.ofMillis(30));
        metrics.checkAttempted(1, true, Duration.ofMillis(1));
        String t = metrics.render();
        assertEquals(2, value(t, "baton_health_check_duration_seconds_count{check=\"readiness\"}"));
        assertEquals(0.033, value(t, "baton_health_check_duration_seconds_sum{check=\"readiness\"}"), 1e-9);
        assertEquals(1, value(t, "baton_health_check_duration_seconds_bucket{check=\"readiness\",le=\"0.005\"}"));
        assertEquals(1, value(t, "baton_health_check_duration_seconds_count{check=\"liveness\"}"));
    }

    /** Prometheus's own parser and linter ({@code promtool check metrics}) accept the output. */
    @Test
    void promtoolAcceptsTheOutput() throws Exception {
        metrics.ready(1, 10);
        flip(record(1, FlipRecord.Trigger.SIGNAL, FlipRecord.Result.COMMITTED, 300));
        flip(record(2, FlipRecord.Trigger.RESTART, FlipRecord.Result.FAILED, 300));
        metrics.checkAttempted(2, true, Duration.ofNanos(123_456));
        BatonMetrics odd = new BatonMetrics("1.0 \"quoted\" \\ back\nslash", List::of);
        for (String text : List.of(metrics.render(), odd.render())) {
            String out = promtool(text);
            assertEquals("", out, "promtool check metrics said:\n" + out);
        }
    }

    static String promtool(String text) throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        assertTrue(Files.isExecutable(promtool), "promtool is missing: install Debian's prometheus package "
                + "(apt-get install prometheus)");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not end");
        assertEquals(0, p.exitValue(), "promtool check metrics failed:\n" + out);
        return out;
    }
}
