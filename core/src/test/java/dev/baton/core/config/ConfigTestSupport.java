package dev.baton.core.config;

import dev.baton.core.health.HealthChecks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Writes YAML into a temporary directory and loads it with the check kinds of {@link #checks()}:
 * here {@link TestChecks}; the healthcheck module's config tests load with the real providers. The
 * directory holds an executable {@code app} and a {@code bin/} directory that is baton's PATH.
 */
public abstract class ConfigTestSupport {
    public static final String TOP_KEYS =
            "alternate, env_file, env, workdir, command, user, group, pidfile, upgrade, shutdown, healthcheck, log, listeners, listener_protocol, restart, liveness, output, hooks, metrics";
    public static final String COMMAND_EXPECTED = "a list of words, or a string such as \"./app --port 8080\"";
    public static final String PROGRAM_EXPECTED =
            "an executable file, by absolute path, by path relative to workdir, or found in PATH";
    public static final String DURATION_EXPECTED = "a duration such as 250ms, 5s or 1m30s";
    public static final String POSITIVE_EXPECTED = "a duration above zero, such as 500ms or 30s";
    public static final String UPGRADE_SIGNALS = "one of SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGWINCH, SIGPWR";
    public static final String SHUTDOWN_SIGNALS =
            "one of SIGHUP, SIGINT, SIGQUIT, SIGKILL, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGWINCH, SIGPWR";

    @TempDir
    public Path dir;
    public TestSystem system;
    public Path file;
    public Path bin;

    @BeforeEach
    public void setUpHost() throws IOException {
        system = new TestSystem(dir);
        bin = Files.createDirectory(dir.resolve("bin"));
        system.env.put("PATH", bin.toString());
        system.env.put("HOME", "/home/app");
        system.users.put("root", 0);
        system.users.put("app", 1000);
        system.users.put("web", 1001);
        system.passwd.put(0, 0);
        system.passwd.put(1000, 1000);
        system.passwd.put(1001, 33); // web's primary group is not its own number
        system.groups.put("root", 0);
        system.groups.put("app", 1000);
        system.effectiveUid = 0;
        executable(dir.resolve("app"));
        file = dir.resolve("baton.yaml");
    }

    public static Path executable(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    public static Path plainFile(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        return p;
    }

    public BatonConfig load(String yaml) throws ConfigException, IOException {
        return load(yaml, TemplateVars.FIRST);
    }

    public BatonConfig load(String yaml, TemplateVars vars) throws ConfigException, IOException {
        Files.writeString(file, yaml);
        return loadFile(file, vars);
    }

    public BatonConfig loadFile(Path f, TemplateVars vars) throws ConfigException {
        return new ConfigLoader(checks(), system).load(f, vars);
    }

    /** The check kinds the loader knows. */
    protected HealthChecks checks() {
        return TestChecks.all();
    }

    /** Loads {@code yaml}, expecting a ConfigException, and returns its (single-line) message. */
    public String error(String yaml) {
        return oneLine(assertThrows(ConfigException.class, () -> load(yaml)));
    }

    public static String oneLine(ConfigException e) {
        String m = e.getMessage();
        for (char lineBreak : new char[] {'\n', '\r', '\u0085', '\u2028', '\u2029'}) {
            assertEquals(-1, m.indexOf(lineBreak), () -> "message is not one line: " + m);
        }
        return m;
    }

    /** The standard message prefix for {@code line} of the test file. */
    public String at(int line, String rest) {
        return file + ":" + line + ": " + rest;
    }
}
