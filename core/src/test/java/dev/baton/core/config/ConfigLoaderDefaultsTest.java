package dev.baton.core.config;

import dev.baton.core.os.Signal;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderDefaultsTest extends ConfigTestSupport {

    @Test
    void upgradeDefaultsToSighupAutoAndSixtySeconds() throws Exception {
        BatonConfig c = load("command: ./app\n");
        assertEquals(new UpgradeConfig(Signal.HUP, UpgradeMode.AUTO, Duration.ofSeconds(60)), c.upgrade());
    }

    @Test
    void shutdownDefaultsToNoDelaySigtermAndTenSeconds() throws Exception {
        BatonConfig c = load("command: ./app\n");
        assertEquals(new ShutdownConfig(Duration.ZERO, Signal.TERM, Duration.ofSeconds(10)), c.shutdown());
    }

    @Test
    void healthcheckDefaultsToAliveForOneSecond() throws Exception {
        BatonConfig c = load("command: ./app\n");
        assertEquals("alive", c.healthcheck().kind());
        assertEquals("1s", c.healthcheck().describe().get("duration"));
        assertEquals(1, c.healthcheck().describe().get("successes"));
    }

    @Test
    void logDefaultsToInfoText() throws Exception {
        BatonConfig c = load("command: ./app\n");
        assertEquals(new LogConfig(LogConfig.Level.INFO, LogConfig.Format.TEXT), c.log());
    }

    @Test
    void optionalKeysDefaultToEmpty() throws Exception {
        BatonConfig c = load("command: ./app\n");
        assertEquals(Map.of(), c.env());
        assertTrue(c.user().isEmpty());
        assertTrue(c.group().isEmpty());
        assertTrue(c.identity().inherits());
        assertTrue(c.pidfile().isEmpty());
        assertEquals(List.of(), c.alternate());
    }

    @Test
    void sourceAndGenerationAreRecorded() throws Exception {
        BatonConfig c = load("command: ./app\n", new TemplateVars(4));
        assertEquals(file, c.source());
        assertEquals(4, c.generation());
    }

    @Test
    void workdirDefaultsToBatonsCwd() throws Exception {
        system.cwd = Files.createDirectory(dir.resolve("cwd"));
        executable(system.cwd.resolve("app"));
        BatonConfig c = load("command: ./app\n");
        assertEquals(system.cwd, c.workdir());
        assertEquals(system.cwd.resolve("app"), c.command().program());
    }

    @Test
    void emptySectionsMeanDefaults() throws Exception {
        BatonConfig c = load("""
                command: ./app
                upgrade:
                shutdown: {}
                healthcheck:
                log: {}
                """);
        assertEquals(new UpgradeConfig(Signal.HUP, UpgradeMode.AUTO, Duration.ofSeconds(60)), c.upgrade());
        assertEquals(new ShutdownConfig(Duration.ZERO, Signal.TERM, Duration.ofSeconds(10)), c.shutdown());
        assertEquals("alive", c.healthcheck().kind());
        assertEquals(LogConfig.DEFAULT, c.log());
    }

    @Test
    void explicitValuesReplaceDefaults() throws Exception {
        BatonConfig c = load("""
                command: ./app
                upgrade: {signal: USR2, mode: inplace, timeout: 1m30s}
                shutdown: {delay: 2s, signal: QUIT, timeout: 500ms}
                log: {level: debug, format: json}
                """);
        assertEquals(new UpgradeConfig(Signal.USR2, UpgradeMode.INPLACE, Duration.ofSeconds(90)), c.upgrade());
        assertEquals(new ShutdownConfig(Duration.ofSeconds(2), Signal.QUIT, Duration.ofMillis(500)), c.shutdown());
        assertEquals(new LogConfig(LogConfig.Level.DEBUG, LogConfig.Format.JSON), c.log());
    }

    @Test
    void logLevelIsCaseInsensitive() throws Exception {
        assertEquals(LogConfig.Level.WARN, load("command: ./app\nlog: {level: WARN}\n").log().level());
    }

    @Test
    void commandListIsKeptAsWritten() throws Exception {
        BatonConfig c = load("command: [./app, --port, \"8080\", 9090]\n");
        assertEquals(List.of("./app", "--port", "8080", "9090"), c.command().argv());
        assertEquals(List.of("--port", "8080", "9090"), c.command().args());
        assertEquals(dir.resolve("app"), c.command().program());
    }

    @Test
    void scalarsAreTakenAsWritten() throws Exception {
        BatonConfig c = load("""
                command: ./app
                env:
                  FLAG: yes
                  OCTAL: 010
                  FLOAT: 1.50
                  EMPTY: ""
                """);
        assertEquals(Map.of("FLAG", "yes", "OCTAL", "010", "FLOAT", "1.50", "EMPTY", ""), c.env());
        assertEquals(List.of("FLAG", "OCTAL", "FLOAT", "EMPTY"), List.copyOf(c.env().keySet()));
    }
}
