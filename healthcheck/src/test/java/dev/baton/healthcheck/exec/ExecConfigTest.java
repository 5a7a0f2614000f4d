package dev.baton.healthcheck.exec;

import dev.baton.core.config.BatonConfig;
import dev.baton.healthcheck.BuiltInConfigTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code exec} check's settings, as the config loader reads them: its command is resolved like the child's. */
class ExecConfigTest extends BuiltInConfigTestSupport {
    @Test
    void execCommandIsResolvedAgainstWorkdir() throws Exception {
        executable(dir.resolve("sub/check.sh"));
        BatonConfig c = load("""
                command: %s
                workdir: sub
                healthcheck:
                  exec: {command: "./check.sh --quiet"}
                """.formatted(dir.resolve("app")));
        assertEquals(List.of("./check.sh", "--quiet"), c.healthcheck().describe().get("command"));
        assertEquals("exec", c.healthcheck().kind());
    }

    @Test
    void execCommandThatDoesNotExistInWorkdir() throws Exception {
        executable(dir.resolve("check.sh"));
        Files.createDirectory(dir.resolve("sub"));
        assertEquals(at(5, "healthcheck.exec.command: cannot run \"./check.sh\": " + dir.resolve("sub/check.sh")
                + " does not exist; expected " + PROGRAM_EXPECTED), error("""
                command: %s
                workdir: sub
                healthcheck:
                  exec:
                    command: [./check.sh]
                """.formatted(dir.resolve("app"))));
    }

    @Test
    void execCommandIsSearchedInPath() throws Exception {
        executable(bin.resolve("probe"));
        assertEquals(poll("command", List.of("probe", "-x")), describe("exec: {command: [probe, -x]}"));
    }

    @Test
    void execCommandNotInPath() {
        assertEquals(at(2, "healthcheck.exec.command: cannot run \"probe\": not found in PATH " + bin + "; expected "
                + PROGRAM_EXPECTED), error("command: ./app\nhealthcheck: {exec: {command: probe}}\n"));
    }

    @Test
    void execCommandNotExecutable() throws Exception {
        plainFile(dir.resolve("check.sh"));
        assertEquals(at(2, "healthcheck.exec.command: cannot run \"./check.sh\": " + dir.resolve("check.sh")
                + " is not executable; expected " + PROGRAM_EXPECTED),
                error("command: ./app\nhealthcheck: {exec: {command: ./check.sh}}\n"));
    }

    @Test
    void execCommandMissing() {
        assertEquals(at(2, "healthcheck.exec: `command` is missing; expected the probe to run, e.g. command: "
                + "[curl, -fsS, \"http://127.0.0.1:8080/\"]"), error("command: ./app\nhealthcheck: {exec: {timeout: 1s}}\n"));
    }
}
