package dev.baton.launcher.it;

import dev.baton.core.supervisor.Pidfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code env_file:} is read for every generation: a changed secret reaches the child of the next flip. */
class EnvFileIT extends ItBase {
    static final Duration FLIP = Duration.ofSeconds(30);

    int port;
    Path envFile;

    @BeforeEach
    void setUp() {
        port = Http.freePort();
        envFile = dir.resolve("app.env");
    }

    void writeEnv(String text) {
        try {
            Files.writeString(envFile, text);
            Files.setPosixFilePermissions(envFile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code baton upgrade [--reexec] -c cfg}; its exit code, its output in {@code out[0]}. */
    int upgrade(Path cfg, boolean reexec, String[] out) {
        Baton b = reexec ? Baton.start(dir, env(), "upgrade", "--reexec", "-c", cfg.toString())
                : Baton.start(dir, env(), "upgrade", "-c", cfg.toString());
        int rc = b.awaitExit(FLIP);
        out[0] = b.out() + b.log();
        return rc;
    }

    @Test
    void inPlaceFlipsGetTheEditedFileAndABadLineKeepsTheOldGeneration() {
        int health1 = Http.freePort();
        int health2 = Http.freePort();
        writeEnv("# the app's secrets\nTOKEN=\"first secret\"\nPORT_NAME=web\n");
        Path cfg = write("app.yaml", String.join("\n",
                "command: " + app("--port", Integer.toString(port), "--health-port", "{{alt}}"),
                "alternate: [\"" + health1 + "\", \"" + health2 + "\"]",
                "env_file: [" + envFile + ", -" + dir.resolve("local.env") + "]",
                "env: {PORT_NAME: from-config}",
                "upgrade: {mode: inplace, timeout: 20s}",
                "shutdown: {timeout: 2s}",
                "healthcheck: {http: {url: \"http://127.0.0.1:{{alt}}/health\", interval: 20ms}}", ""));
        Baton baton = run(cfg);
        baton.awaitReady();
        assertEquals("first secret", Http.get(port, "/env/TOKEN").orElse("?"));
        assertEquals("from-config", Http.get(port, "/env/PORT_NAME").orElse("?"), "the config's env: wins");

        writeEnv("TOKEN='second secret'\nPORT_NAME=web\n");
        String[] out = new String[1];
        assertEquals(0, upgrade(cfg, false, out), out[0]);
        assertEquals("second secret", Http.get(port, "/env/TOKEN").orElse("?"), "generation 2 read the file again");

        writeEnv("TOKEN=third\nthis line has no equals sign\n");
        assertEquals(78, upgrade(cfg, false, out), out[0]);
        assertTrue(out[0].contains("env_file[0]: " + envFile + ":2: \"this line has no equals sign\" has no `=`"), out[0]);
        assertEquals("second secret", Http.get(port, "/env/TOKEN").orElse("?"), "generation 2 still serves");

        writeEnv("TOKEN=third\n");
        Baton shown = Baton.start(dir, env(), "check", "-c", cfg.toString());
        assertEquals(0, shown.awaitExit(FLIP), shown.log());
        assertFalse(shown.out().contains("third"), "a value from an env file is masked: " + shown.out());
        assertTrue(shown.out().contains("TOKEN: " + envFile + ":1"), "baton check says where it came from: " + shown.out());
        baton.signal("TERM");
        assertEquals(0, baton.awaitExit(Duration.ofSeconds(10)));
    }

    @Test
    void aReexecFlipGetsTheEditedFileToo() {
        pidfile = dir.resolve("baton.pid");
        writeEnv("TOKEN=first\n");
        Path cfg = write("app.yaml", String.join("\n",
                "command: " + app("--port", Integer.toString(port), "--ready-file", dir.resolve("ready-{{generation}}").toString()),
                "pidfile: " + pidfile,
                "env_file: [app.env]",
                "upgrade: {mode: reexec, timeout: 20s, start_allowance: 20s}",
                "shutdown: {timeout: 2s}",
                "healthcheck: " + readyFileCheck(dir.resolve("ready-{{generation}}")), ""));
        Baton old = run(cfg);
        old.awaitReady();
        assertEquals("first", Http.get(port, "/env/TOKEN").orElse("?"));
        writeEnv("TOKEN=second\n");
        String[] out = new String[1];
        assertEquals(0, upgrade(cfg, true, out), out[0]);
        assertEquals("second", Http.get(port, "/env/TOKEN").orElse("?"), "the new baton read the file again");
        long inCharge = Pidfile.read(pidfile).orElseThrow();
        assertTrue(inCharge != old.pid(), "a new baton is in charge");
        assertEquals(0, old.awaitExit(Duration.ofSeconds(20)));
    }
}
