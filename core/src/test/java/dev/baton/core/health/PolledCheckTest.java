package dev.baton.core.health;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckFailedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolledCheckTest {
    private static final Attempt PASS = Attempt.PASS;
    private final RecordingContext ctx = new RecordingContext();

    private static CheckPolicy policy(int successes, int failuresAllowed) {
        return new CheckPolicy(Duration.ofMillis(250), Duration.ofMillis(700), Duration.ZERO, successes, failuresAllowed);
    }

    private List<String> withoutTimes() {
        return ctx.lines.stream().map(l -> l.replaceAll("\\d+\\.\\d s", "T s")).toList();
    }

    @Test
    void passesAtTheFirstPassByDefault() throws Exception {
        ScriptedProbe probe = new ScriptedProbe().then(Attempt.fail("connection refused"), Attempt.fail("connection refused"), PASS);
        new PolledCheck("http", probe, policy(1, 0)).await(ctx);
        assertEquals(3, probe.attempts);
        assertEquals(List.of("http check: connection refused (attempt 1, T s)", "http check passed (attempt 3, T s)"),
                withoutTimes(), "one line per state change: the repeated reason is not logged twice");
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(250)), probe.pauses, "the interval between attempts");
        assertEquals(Duration.ofMillis(700), probe.timeouts.get(0), "the policy's timeout for each attempt");
    }

    /** "not healthy within 10s (last: ...)" names the latest attempt, not the first of a repeated reason. */
    @Test
    void theLastFailureIsTheLatestAttemptWhileTheLogHasTheFirst() throws Exception {
        ScriptedProbe probe = new ScriptedProbe().then(Attempt.fail("connection refused"),
                Attempt.fail("connection refused"), Attempt.fail("connection refused"), PASS);
        PolledCheck check = new PolledCheck("http", probe, policy(1, 0));
        check.await(ctx);
        assertEquals("http check: connection refused (attempt 3, T s)",
                check.lastFailure().orElseThrow().replaceAll("\\d+\\.\\d s", "T s"));
        assertEquals(List.of("http check: connection refused (attempt 1, T s)", "http check passed (attempt 4, T s)"),
                withoutTimes());
    }

    @Test
    void everyAttemptIsTimedForTheMetrics() throws Exception {
        ScriptedProbe probe = new ScriptedProbe().then(Attempt.fail("refused"), Attempt.waiting("not yet"), PASS);
        new PolledCheck("tcp", probe, policy(1, 0)).await(ctx);
        assertEquals(3, ctx.attempts.size(), "failed, waiting and passed attempts alike");
        assertTrue(ctx.attempts.stream().noneMatch(Duration::isNegative), ctx.attempts.toString());
    }

    @Test
    void needsThatManyPassesInARow() throws Exception {
        ScriptedProbe probe = new ScriptedProbe().then(PASS, PASS, Attempt.fail("503 from u"), PASS, PASS, PASS);
        new PolledCheck("http", probe, policy(3, 0)).await(ctx);
        assertEquals(6, probe.attempts);
        assertEquals(List.of("http check: 503 from u (attempt 3, T s; counting passes again)",
                "http check passed (attempt 6, T s)"), withoutTimes());
    }

    @Test
    void failuresAllowedForgiveAFlappingCheckOncePassesHaveBegun() throws Exception {
        ScriptedProbe probe = new ScriptedProbe().then(Attempt.fail("refused"), PASS, Attempt.fail("503"), PASS,
                Attempt.fail("503"), PASS);
        new PolledCheck("http", probe, policy(3, 2)).await(ctx);
        assertEquals(6, probe.attempts);
        assertEquals(List.of("http check: refused (attempt 1, T s)",
                "http check passed (attempt 6, T s; 2 failed attempts forgiven)"), withoutTimes());
    }

    @Test
    void oneFailureMoreThanAllowedStartsTheCountAgain() throws Exception {
        ScriptedProbe probe = new ScriptedProbe().then(PASS, Attempt.fail("503"), Attempt.fail("503"), PASS, PASS);
        new PolledCheck("http", probe, policy(2, 1)).await(ctx);
        assertEquals(5, probe.attempts, "pass, forgiven, restart, pass, pass");
        assertEquals(List.of("http check: 503 (attempt 3, T s; counting passes again)", "http check passed (attempt 5, T s)"),
                withoutTimes());
    }

    @Test
    void failuresBeforeTheFirstPassAreNotCountedAgainstTheAllowance() throws Exception {
        ScriptedProbe probe = new ScriptedProbe().then(Attempt.fail("refused"), Attempt.fail("refused"),
                Attempt.fail("refused"), PASS, Attempt.fail("503"), PASS);
        new PolledCheck("tcp", probe, policy(2, 1)).await(ctx);
        assertEquals(6, probe.attempts);
        assertTrue(withoutTimes().get(1).endsWith("(attempt 6, T s; 1 failed attempt forgiven)"), withoutTimes().toString());
    }

    @Test
    void waitingIsNeitherAFailureNorLogged() throws Exception {
        ScriptedProbe probe = new ScriptedProbe().then(Attempt.waiting("no READY=1 yet"), PASS,
                Attempt.waiting("no READY=1 yet"), PASS);
        new PolledCheck("notify", probe, policy(2, 0)).await(ctx);
        assertEquals(4, probe.attempts, "a waiting attempt keeps the passes counted so far");
        assertEquals(List.of("notify check passed (attempt 4, T s)"), withoutTimes());
    }

    @Test
    void aCheckThatCanNeverPassEndsTheWait() {
        ScriptedProbe probe = new ScriptedProbe().then(Attempt.fail("refused"), new CheckFailedException("no socket"));
        CheckFailedException e = assertThrows(CheckFailedException.class,
                () -> new PolledCheck("notify", probe, policy(1, 0)).await(ctx));
        assertEquals("no socket", e.getMessage());
    }

    @Test
    void anInterruptStopsIt() {
        ScriptedProbe probe = new ScriptedProbe().then(Attempt.fail("refused"));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> new PolledCheck("http", probe, policy(1, 0)).await(ctx));
        assertEquals(0, probe.attempts);
    }

    @Test
    void lifecycleReachesTheProbe() {
        ScriptedProbe probe = new ScriptedProbe();
        PolledCheck check = new PolledCheck("http", probe, policy(1, 0));
        check.started(77);
        check.close();
        assertEquals(77, probe.startedWith);
        assertTrue(probe.closed);
    }
}
