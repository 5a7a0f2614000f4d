package dev.baton.core.config;

import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Durations, signals and enumerated values inside the file. */
class ConfigLoaderValuesTest extends ConfigTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"5x", "10", "-1s", "1s2", "5 s"})
    void badDuration(String value) {
        assertEquals(at(2, "upgrade.timeout: \"" + value + "\" is not a duration; expected " + DURATION_EXPECTED),
                error("command: ./app\nupgrade: {timeout: \"" + value + "\"}\n"));
    }

    /** 12,000 digits took 6.9 s, on the supervisor thread when an in-place reload read them. */
    @Test
    void aLongDigitRunIsNotADurationAndFailsFast() {
        String digits = "9".repeat(12_000);
        assertEquals(at(2, "upgrade.timeout: \"" + digits + "\" is not a duration; expected " + DURATION_EXPECTED),
                assertTimeoutPreemptively(Duration.ofSeconds(1),
                        () -> error("command: ./app\nupgrade: {timeout: " + digits + "}\n")));
    }

    @Test
    void badDurationUnquoted() {
        assertEquals(at(3, "shutdown.delay: \"10\" is not a duration; expected " + DURATION_EXPECTED), error("""
                command: ./app
                shutdown:
                  delay: 10
                """));
    }

    @Test
    void zeroUpgradeTimeout() {
        assertEquals(at(2, "upgrade.timeout: \"0\" is not allowed here; expected " + POSITIVE_EXPECTED),
                error("command: ./app\nupgrade: {timeout: 0}\n"));
    }

    @Test
    void zeroShutdownTimeout() {
        assertEquals(at(2, "shutdown.timeout: \"0\" is not allowed here; expected " + POSITIVE_EXPECTED),
                error("command: ./app\nshutdown: {timeout: 0}\n"));
    }

    @Test
    void zeroWrittenWithUnitIsQuotedAsWritten() {
        assertEquals(at(2, "upgrade.timeout: \"0s\" is not allowed here; expected " + POSITIVE_EXPECTED),
                error("command: ./app\nupgrade: {timeout: 0s}\n"));
    }

    @Test
    void zeroShutdownDelayIsAllowed() throws Exception {
        assertEquals(Duration.ZERO, load("command: ./app\nshutdown: {delay: 0}\n").shutdown().delay());
    }

    @Test
    void fractionalDurations() throws Exception {
        assertEquals(Duration.ofMinutes(90), load("command: ./app\nupgrade: {timeout: 1.5h}\n").upgrade().timeout());
    }

    @Test
    void unknownSignalName() {
        assertEquals(at(2, "upgrade.signal: \"SIGFOO\" is not a signal name; expected " + UPGRADE_SIGNALS),
                error("command: ./app\nupgrade: {signal: SIGFOO}\n"));
    }

    @Test
    void signalNumberIsNotAName() {
        assertEquals(at(2, "upgrade.signal: \"1\" is not a signal name; expected " + UPGRADE_SIGNALS),
                error("command: ./app\nupgrade: {signal: 1}\n"));
    }

    @Test
    void sigkillCannotTriggerUpgrade() {
        assertEquals(at(2, "upgrade.signal: SIGKILL can't be used as upgrade.signal (it can't be caught); expected "
                + UPGRADE_SIGNALS), error("command: ./app\nupgrade: {signal: KILL}\n"));
    }

    @Test
    void sigstopCannotTriggerUpgrade() {
        assertEquals(at(2, "upgrade.signal: SIGSTOP can't be used as upgrade.signal (it can't be caught); expected "
                + UPGRADE_SIGNALS), error("command: ./app\nupgrade: {signal: SIGSTOP}\n"));
    }

    @Test
    void sigtermCannotTriggerUpgrade() {
        assertEquals(at(2, "upgrade.signal: SIGTERM can't be used as upgrade.signal (it stops baton); expected "
                + UPGRADE_SIGNALS), error("command: ./app\nupgrade: {signal: TERM}\n"));
    }

    @Test
    void sigquitCannotTriggerUpgrade() {
        assertEquals(at(2, "upgrade.signal: SIGQUIT can't be used as upgrade.signal (the JVM keeps SIGQUIT for "
                + "thread dumps); expected " + UPGRADE_SIGNALS), error("command: ./app\nupgrade: {signal: quit}\n"));
    }

    @Test
    void sigstopCannotShutDown() {
        String m = error("command: ./app\nshutdown: {signal: STOP}\n");
        assertTrue(m.startsWith(at(2, "shutdown.signal: SIGSTOP can't be used as shutdown.signal")), m);
        assertTrue(m.endsWith("; expected " + SHUTDOWN_SIGNALS), m);
        assertFalse(m.contains("(it can't be caught)"), m);
    }

    @Test
    void sigkillCanShutDown() throws Exception {
        assertEquals(Signal.KILL, load("command: ./app\nshutdown: {signal: SIGKILL}\n").shutdown().signal());
    }

    @ParameterizedTest
    @CsvSource({"SIGHUP, HUP", "HUP, HUP", "hup, HUP", "sigusr1, USR1", "SigUsr2, USR2", "' WINCH ', WINCH"})
    void upgradeSignalAcceptsAllSpellings(String written, Signal expected) throws Exception {
        assertEquals(expected, load("command: ./app\nupgrade: {signal: \"" + written + "\"}\n").upgrade().signal());
    }

    @Test
    void unknownUpgradeMode() {
        assertEquals(at(2, "upgrade.mode: \"in-place\" is not a mode; expected auto, reexec or inplace"),
                error("command: ./app\nupgrade: {mode: in-place}\n"));
    }

    @Test
    void unknownLogLevel() {
        assertEquals(at(2, "log.level: \"loud\" is not allowed; expected trace, debug, info, warn or error"),
                error("command: ./app\nlog: {level: loud}\n"));
    }

    @Test
    void unknownLogFormat() {
        assertEquals(at(2, "log.format: \"xml\" is not allowed; expected text or json"),
                error("command: ./app\nlog: {format: xml}\n"));
    }
}
