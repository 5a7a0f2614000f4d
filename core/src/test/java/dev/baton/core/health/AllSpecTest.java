package dev.baton.core.health;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckFailedException;
import dev.baton.core.spi.CheckTarget;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Probe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AllSpecTest {
    private final RecordingContext ctx = new RecordingContext();

    /** A member spec whose one probe is the given scripted one. */
    private static HealthCheckSpec member(String kind, ScriptedProbe probe, CheckTarget... targets) {
        return new HealthCheckSpec() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public Map<String, Object> describe() {
                return Map.of("k", kind);
            }

            @Override
            public Probe newProbe() {
                return probe;
            }

            @Override
            public List<CheckTarget> targets() {
                return List.of(targets);
            }
        };
    }

    @Test
    void passesOnlyWhenEveryMemberPassesInOneAttempt() throws Exception {
        ScriptedProbe notify = new ScriptedProbe().then(Attempt.waiting("no READY=1 yet"), Attempt.PASS);
        ScriptedProbe http = new ScriptedProbe().then(Attempt.fail("503 from u"), Attempt.PASS);
        AllSpec all = new AllSpec(List.of(new AllSpec.Member(member("notify", notify), Duration.ofSeconds(1)),
                new AllSpec.Member(member("http", http), Duration.ofMillis(300))));
        Probe p = all.newProbe();
        p.started(4242);
        assertEquals(Attempt.waiting("notify: no READY=1 yet"), p.attempt(ctx, Duration.ofSeconds(9)));
        assertEquals(0, http.attempts, "members are asked in order; a later one waits for the earlier ones");
        assertEquals(Attempt.fail("http: 503 from u"), p.attempt(ctx, Duration.ofSeconds(9)));
        assertEquals(Attempt.PASS, p.attempt(ctx, Duration.ofSeconds(9)));
        assertEquals(List.of(Duration.ofMillis(300), Duration.ofMillis(300)), http.timeouts, "each member's own timeout");
        assertEquals(4242, notify.startedWith);
        assertEquals(4242, http.startedWith);
    }

    @Test
    void pausesOnTheMemberThatHeldItUp() throws Exception {
        ScriptedProbe notify = new ScriptedProbe().then(Attempt.waiting("no READY=1 yet"), Attempt.PASS);
        ScriptedProbe http = new ScriptedProbe().then(Attempt.fail("refused"));
        Probe p = new AllSpec(List.of(new AllSpec.Member(member("notify", notify), Duration.ofSeconds(1)),
                new AllSpec.Member(member("http", http), Duration.ofSeconds(1)))).newProbe();
        p.attempt(ctx, Duration.ofSeconds(1));
        p.pause(Duration.ofMillis(100));
        assertEquals(1, notify.pauses.size(), "notify waits on its socket, so a READY=1 ends the pause at once");
        p.attempt(ctx, Duration.ofSeconds(1));
        p.pause(Duration.ofMillis(100));
        assertEquals(1, http.pauses.size());
        assertEquals(1, notify.pauses.size());
    }

    @Test
    void compositeSuccessesCountWholeRounds() throws Exception {
        ScriptedProbe a = new ScriptedProbe().then(Attempt.PASS);
        ScriptedProbe b = new ScriptedProbe().then(Attempt.PASS, Attempt.fail("503"), Attempt.PASS, Attempt.PASS);
        AllSpec all = new AllSpec(List.of(new AllSpec.Member(member("tcp", a), Duration.ofSeconds(1)),
                new AllSpec.Member(member("http", b), Duration.ofSeconds(1))));
        HealthCheck check = new PolledCheck("all", all.newProbe(),
                new CheckPolicy(Duration.ofMillis(1), Duration.ofSeconds(1), Duration.ZERO, 2, 0));
        check.await(ctx);
        assertEquals(4, b.attempts);
        assertTrue(ctx.lines.get(0).startsWith("all check: http: 503 (attempt 2, "), ctx.lines.toString());
    }

    @Test
    void aMemberThatCanNeverPassNamesItself() {
        ScriptedProbe a = new ScriptedProbe().then(new CheckFailedException("cannot make the child's NOTIFY_SOCKET"));
        Probe p = new AllSpec(List.of(new AllSpec.Member(member("notify", a), Duration.ofSeconds(1)))).newProbe();
        CheckFailedException e = assertThrows(CheckFailedException.class, () -> p.attempt(ctx, Duration.ofSeconds(1)));
        assertEquals("notify: cannot make the child's NOTIFY_SOCKET", e.getMessage());
    }

    @Test
    void closesEveryMemberAndListsEveryTarget() {
        ScriptedProbe a = new ScriptedProbe();
        ScriptedProbe b = new ScriptedProbe();
        AllSpec all = new AllSpec(List.of(
                new AllSpec.Member(member("tcp", a, CheckTarget.tcp("127.0.0.1", 80, false)), Duration.ofSeconds(1)),
                new AllSpec.Member(member("unix", b, CheckTarget.unix(java.nio.file.Path.of("/run/a.sock"), false)),
                        Duration.ofSeconds(2))));
        all.newProbe().close();
        assertTrue(a.closed && b.closed);
        assertEquals(2, all.targets().size());
        assertEquals(Map.of("checks", List.of(Map.of("tcp", Map.of("k", "tcp", "timeout", "1s")),
                Map.of("unix", Map.of("k", "unix", "timeout", "2s")))), all.describe());
    }
}
