package dev.baton.core.config;

import dev.baton.core.health.CheckPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code restart:} and {@code liveness:}: defaults, values, and one-line errors naming the path and the value. */
class ConfigLoaderSupervisionTest extends ConfigTestSupport {

    @Test
    void withoutRestartOrLivenessBatonBehavesAsBefore() throws Exception {
        BatonConfig c = load("command: ./app\n");
        assertEquals(RestartConfig.NEVER, c.restart());
        assertEquals(Optional.empty(), c.liveness());
    }

    @Test
    void probationAndMaxDrainingDefaultToTodaysBehaviourAndReadTheirValues() throws Exception {
        BatonConfig plain = load("command: ./app\n");
        assertEquals(Duration.ZERO, plain.upgrade().probation());
        assertEquals(0, plain.shutdown().maxDraining());
        BatonConfig c = load("command: ./app\nupgrade: {mode: inplace, probation: 2m}\nshutdown: {max_draining: 3}\n");
        assertEquals(Duration.ofMinutes(2), c.upgrade().probation());
        assertEquals(3, c.shutdown().maxDraining());
    }

    @Test
    void probationAndMaxDrainingErrorsNameThePathAndTheValue() {
        assertEquals(at(2, "upgrade.probation: \"long\" is not a duration; expected " + DURATION_EXPECTED),
                error("command: ./app\nupgrade: {probation: long}\n"));
        assertEquals(at(2, "shutdown.max_draining: \"-1\" is too small; expected a whole number of at least 0"),
                error("command: ./app\nshutdown: {max_draining: -1}\n"));
    }

    /** Overlapping drains work in every mode: a re-exec flip's old baton drains in the background. */
    @Test
    void maxDrainingGoesWithReexec() throws Exception {
        assertEquals(2, load("command: ./app\nupgrade: {mode: reexec}\nshutdown: {max_draining: 2}\n").shutdown()
                .maxDraining());
    }

    
    @Test
    void maxDrainingGoesWithTheDefaultModeAuto() throws Exception {
        BatonConfig c = load("command: ./app\nshutdown: {max_draining: 2}\n");
        assertEquals(UpgradeMode.AUTO, c.upgrade().mode());
        assertEquals(2, c.shutdown().maxDraining());
    }

    @Test
    void autoIsInplaceAsPid1AndAnExplicitReexecIsRefused() throws Exception {
        system.pid1 = true;
        assertEquals(UpgradeMode.INPLACE, load("command: ./app\n").upgrade().mode());
        assertEquals(UpgradeMode.INPLACE, load("command: ./app\nupgrade: {mode: auto}\n").upgrade().mode());
        assertEquals(at(2, "upgrade.mode: \"reexec\": reexec can't work with baton as PID 1 (its exit would end the "
                + "container); expected upgrade.mode: inplace or auto"),
                error("command: ./app\nupgrade: {mode: reexec}\n"));
    }

    @Test
    void theThreeModesByName() throws Exception {
        assertEquals(UpgradeMode.AUTO, load("command: ./app\nupgrade: {mode: auto}\n").upgrade().mode());
        assertEquals(UpgradeMode.REEXEC, load("command: ./app\nupgrade: {mode: reexec}\n").upgrade().mode());
        assertEquals(UpgradeMode.INPLACE, load("command: ./app\nupgrade: {mode: INPLACE}\n").upgrade().mode());
    }

    @Test
    void restartPolicyAloneTakesTheDefaults() throws Exception {
        RestartConfig r = load("command: ./app\nrestart: {policy: on-failure}\n").restart();
        assertEquals(new RestartConfig(RestartConfig.Policy.ON_FAILURE, Duration.ofSeconds(1), Duration.ofSeconds(30),
                5, Duration.ofMinutes(10)), r);
    }

    @Test
    void restartReadsEveryKey() throws Exception {
        RestartConfig r = load("command: ./app\nrestart: {policy: always, backoff: 200ms, max_backoff: 2s, max: 3, "
                + "within: 1m}\n").restart();
        assertEquals(new RestartConfig(RestartConfig.Policy.ALWAYS, Duration.ofMillis(200), Duration.ofSeconds(2), 3,
                Duration.ofMinutes(1)), r);
    }

    @Test
    void aBackoffLongerThanTheDefaultCapRaisesTheCap() throws Exception {
        RestartConfig r = load("command: ./app\nrestart: {policy: always, backoff: 1m}\n").restart();
        assertEquals(Duration.ofMinutes(1), r.maxBackoff());
    }

    @Test
    void restartErrorsNameThePathAndTheValue() {
        assertEquals(at(2, "restart.policy: \"sometimes\" is not a restart policy; expected never, on-failure or always"),
                error("command: ./app\nrestart: {policy: sometimes}\n"));
        assertEquals(at(2, "restart: `policy` is missing; expected never, on-failure or always"),
                error("command: ./app\nrestart: {max: 3}\n"));
        assertEquals(at(2, "restart.max_backoff: \"1s\" is shorter than backoff (5s); expected at least the backoff"),
                error("command: ./app\nrestart: {policy: always, backoff: 5s, max_backoff: 1s}\n"));
        assertEquals(at(2, "restart.backoff: \"0s\" is not allowed here; expected " + POSITIVE_EXPECTED),
                error("command: ./app\nrestart: {policy: always, backoff: 0s}\n"));
        assertEquals(at(2, "restart.within: \"soon\" is not a duration; expected " + DURATION_EXPECTED),
                error("command: ./app\nrestart: {policy: always, within: soon}\n"));
        assertEquals(at(2, "restart.maxx: unknown key (did you mean `max`?); expected one of policy, backoff, "
                + "max_backoff, max, within"), error("command: ./app\nrestart: {policy: always, maxx: 3}\n"));
    }

    @Test
    void livenessIsACheckAsUnderHealthcheckWithLivenessDefaults() throws Exception {
        LivenessConfig l = load("command: ./app\nliveness: {exec: {command: ./app}}\n").liveness().orElseThrow();
        assertEquals(LivenessConfig.Action.REPLACE, l.action());
        assertEquals("exec", l.check().kind());
        assertEquals(new CheckPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ZERO, 1, 2),
                l.check().policy());
    }

    @Test
    void livenessTakesThePolicyKeysWhereHealthcheckDoesAndAnAction() throws Exception {
        LivenessConfig l = load("command: ./app\nliveness:\n  exec: {command: ./app, interval: 250ms, timeout: 2s, "
                + "failures_allowed: 0, initial_delay: 1s, successes: 2}\n  action: exit\n").liveness().orElseThrow();
        assertEquals(LivenessConfig.Action.EXIT, l.action());
        assertEquals(new CheckPolicy(Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0),
                l.check().policy());
        l = load("command: ./app\nliveness: {all: {checks: [{exec: {command: ./app}}], interval: 1s}, action: log}\n")
                .liveness().orElseThrow();
        assertEquals(LivenessConfig.Action.LOG, l.action());
        assertEquals("all", l.check().kind());
        assertEquals(Duration.ofSeconds(1), l.check().policy().interval());
    }

    @Test
    void livenessErrorsNameThePathAndTheValue() {
        assertEquals(at(2, "liveness.action: \"reboot\" is not a liveness action; expected replace, exit or log"),
                error("command: ./app\nliveness: {alive: {}, action: reboot}\n"));
        assertEquals(at(2, "liveness: no check given; expected exactly one check, e.g. liveness: {http: "
                + "{url: \"http://127.0.0.1:8080/health\"}}; kinds: alive, all, exec"),
                error("command: ./app\nliveness: {action: log}\n"));
        assertEquals(at(2, "liveness.exec.interval: \"often\" is not a duration; expected " + DURATION_EXPECTED),
                error("command: ./app\nliveness: {exec: {command: ./app, interval: often}}\n"));
        assertEquals(at(2, "liveness.exec.failures_allowed: \"-1\" is too small; expected a whole number of at least 0"),
                error("command: ./app\nliveness: {exec: {command: ./app, failures_allowed: -1}}\n"));
    }
}
