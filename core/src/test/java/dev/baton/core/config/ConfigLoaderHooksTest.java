package dev.baton.core.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hooks: {before_flip, after_healthy, after_flip, on_failure}}. */
class ConfigLoaderHooksTest extends ConfigTestSupport {

    @Test
    void noHooksByDefault() throws Exception {
        assertTrue(load("command: ./app\n").hooks().isEmpty());
    }

    @Test
    void eachHookIsACommandResolvedLikeTheChildsWithATimeoutOf30sByDefault() throws Exception {
        executable(bin.resolve("smoke"));
        HooksConfig h = load("command: ./app\nhooks:\n"
                + "  before_flip: {command: [./app, migrate, \"{{generation}}\"], timeout: 2m}\n"
                + "  after_healthy: {command: smoke --port 8080}\n").hooks();
        HooksConfig.Hook before = h.get(HooksConfig.Kind.BEFORE_FLIP).orElseThrow();
        assertEquals(List.of("./app", "migrate", "1"), before.command().argv());
        assertEquals(dir.resolve("app"), before.command().program());
        assertEquals(Duration.ofMinutes(2), before.timeout());
        HooksConfig.Hook smoke = h.get(HooksConfig.Kind.AFTER_HEALTHY).orElseThrow();
        assertEquals(bin.resolve("smoke"), smoke.command().program());
        assertEquals(HooksConfig.DEFAULT_TIMEOUT, smoke.timeout());
        assertTrue(h.get(HooksConfig.Kind.AFTER_FLIP).isEmpty());
    }

    @Test
    void badValuesAreOneLineErrorsThatNameThePath() {
        assertEquals(at(2, "hooks.before_fl1p: unknown key (did you mean `before_flip`?); expected one of "
                + "before_flip, after_healthy, after_flip, on_failure"),
                error("command: ./app\nhooks: {before_fl1p: {command: ./app}}\n"));
        assertEquals(at(2, "hooks.after_flip.timeout: \"0s\" is not allowed here; expected " + POSITIVE_EXPECTED),
                error("command: ./app\nhooks: {after_flip: {command: ./app, timeout: 0s}}\n"));
        assertEquals(at(2, "hooks.on_failure.timeout: \"soon\" is not a duration; expected " + DURATION_EXPECTED),
                error("command: ./app\nhooks: {on_failure: {command: ./app, timeout: soon}}\n"));
        assertEquals(at(2, "hooks.on_failure.command: cannot run \"./nope\": " + dir.resolve("nope")
                + " does not exist; expected " + PROGRAM_EXPECTED),
                error("command: ./app\nhooks: {on_failure: {command: ./nope}}\n"));
        assertEquals(at(2, "hooks.after_healthy: `command` is missing; expected the hook's program and arguments, "
                + "e.g. command: [./smoke.sh]"), error("command: ./app\nhooks: {after_healthy: {timeout: 5s}}\n"));
    }
}
