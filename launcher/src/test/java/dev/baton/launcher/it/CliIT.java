package dev.baton.launcher.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's contract: one-line errors, documented exit codes, no stack traces, clean stdout. */
class CliIT extends ItBase {

    private Baton cli(String... args) {
        Baton b = Baton.start(dir, env(), args);
        batons.add(b);
        return b;
    }

    private static void assertOneLine(String text) {
        assertEquals(1, text.lines().count(), "one line: " + text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "no stack trace: " + text);
    }

    @Test
    void configErrorIsOneLineWithExit78() {
        Path cfg = write("bad.yaml", "command: [true]\nupgrade:\n  timeout: 5x\n");
        Baton b = cli("run", "-c", cfg.toString());
        assertEquals(78, b.awaitExit(Duration.ofSeconds(20)));
        assertEquals("baton: " + cfg + ":3: upgrade.timeout: \"5x\" is not a duration; expected a duration such as "
                + "250ms, 5s or 1m30s\n", b.log());
        assertEquals("", b.out());
    }

    @Test
    void missingConfigFileIsAConfigError() {
        Baton b = cli("run", "-c", dir.resolve("nope.yaml").toString());
        assertEquals(78, b.awaitExit(Duration.ofSeconds(20)));
        assertOneLine(b.log());
        assertTrue(b.log().contains("nope.yaml: no such file"), b.log());
    }

    @Test
    void missingOptionIsUsageError64() {
        Baton b = cli("run");
        assertEquals(64, b.awaitExit(Duration.ofSeconds(20)));
        assertOneLine(b.log());
        assertTrue(b.log().startsWith("baton: Missing required option"), b.log());
    }

    @Test
    void runFastPathAndPicocliAgreeOnErrors() {
        // `run --config=FILE` takes the fast path (no picocli model); `run -c FILE extra` does not
        Baton quick = cli("run", "--config=" + dir.resolve("nope.yaml"));
        assertEquals(78, quick.awaitExit(Duration.ofSeconds(20)));
        assertOneLine(quick.log());
        assertTrue(quick.log().contains("nope.yaml: no such file"), quick.log());
        Baton extra = cli("run", "-c", dir.resolve("nope.yaml").toString(), "extra");
        assertEquals(64, extra.awaitExit(Duration.ofSeconds(20)));
        assertOneLine(extra.log());
        assertTrue(extra.log().contains("extra"), extra.log());
    }

    @Test
    void bareBatonPrintsUsageToStderrAndExits64() {
        Baton b = cli();
        assertEquals(64, b.awaitExit(Duration.ofSeconds(20)));
        assertTrue(b.log().startsWith("Usage: baton"), b.log());
        assertEquals("", b.out());
    }

    @Test
    void everyCommandAnswersVersion() {
        for (String command : new String[] {"run", "check", "upgrade", "status", "version"}) {
            Baton b = cli(command, "--version");
            assertEquals(0, b.awaitExit(Duration.ofSeconds(20)), command);
            assertTrue(b.out().matches("baton \\S+\n"), command + " --version printed: " + b.out());
        }
    }

    @Test
    void helpCommandShowsTheCommandsUsage() {
        Baton b = cli("help", "run");
        assertEquals(0, b.awaitExit(Duration.ofSeconds(20)));
        assertTrue(b.out().startsWith("Usage: baton run"), b.out());
        assertEquals("", b.log());
    }

    @Test
    void typosGetADidYouMean() {
        Baton command = cli("stauts");
        assertEquals(64, command.awaitExit(Duration.ofSeconds(20)));
        assertEquals("baton: unknown command 'stauts'; did you mean 'status'? (see 'baton --help')\n", command.log());
        // a misspelt option is the cause, not the "missing --config" it leads to
        Baton option = cli("check", "--confg", "x.yaml");
        assertEquals(64, option.awaitExit(Duration.ofSeconds(20)));
        assertEquals("baton: unknown option '--confg'; did you mean '--config'? (see 'baton check --help')\n",
                option.log());
    }

    @Test
    void unknownSubcommandIsUsageError64() {
        Baton b = cli("frobnicate");
        assertEquals(64, b.awaitExit(Duration.ofSeconds(20)));
        assertOneLine(b.log());
    }

    @Test
    void checkPrintsEffectiveConfigWithEnvMasked() {
        Path cfg = write("ok.yaml", "command: sh -c 'exit 0'\nenv: {SECRET: hunter2, PORT: '8080', HOME_DIR: \"${HOME}\"}\n"
                + "upgrade: {mode: inplace}\nlisteners: [{name: web, address: 'tcp://127.0.0.1:18080'}]\n");
        Baton b = cli("check", "-c", cfg.toString());
        assertEquals(0, b.awaitExit(Duration.ofSeconds(20)));
        String out = b.out();
        assertFalse(out.contains("hunter2"), out);
        assertTrue(out.contains("SECRET: '********'"), "a name that says secret: " + out);
        assertTrue(out.contains("HOME_DIR: '********'"), "from the environment: " + out);
        assertTrue(out.contains("PORT: '8080'"), "written in the file, not a secret: " + out);
        assertTrue(out.contains("listeners:") && out.contains("name: web") && out.contains("address: tcp://127.0.0.1:18080"),
                out);
        assertTrue(out.contains("listener_protocol: systemd"), out);
        assertTrue(out.contains("program: /usr/bin/sh") || out.contains("program: /bin/sh"), out);
        assertTrue(out.contains("signal: SIGHUP") && out.contains("mode: inplace") && out.contains("timeout: 1m"), out);
        assertTrue(out.contains("alive:") && out.contains("duration: 1s"), out);
    }

    @Test
    void checkJsonIsOneObject() {
        Path cfg = write("ok.yaml", "command: [\"true\"]\nenv: {PORT: '8080', TOKEN: abc}\nupgrade: {mode: inplace}\n");
        Baton b = cli("check", "--json", "-c", cfg.toString());
        assertEquals(0, b.awaitExit(Duration.ofSeconds(20)));
        String out = b.out();
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.startsWith("{\"source\":\"" + cfg + "\",\"command\":[\"true\"]"), out);
        assertTrue(out.contains("\"env\":{\"PORT\":\"8080\",\"TOKEN\":\"********\"}"), out);
        assertTrue(out.contains("\"upgrade\":{\"signal\":\"SIGHUP\",\"mode\":\"inplace\""), out);
    }

    @Test
    void statusWithoutAConfigListsEveryRunningBaton() {
        Path a = write("alpha.yaml", "command: [sleep, \"60\"]\nupgrade: {mode: inplace}\n");
        Path b = write("beta.yaml", "command: [sleep, \"60\"]\nupgrade: {mode: inplace}\n");
        Baton first = run(a);
        Baton second = run(b);
        first.awaitLog(" ready", 1, Baton.START);
        second.awaitLog(" ready", 1, Baton.START);
        Baton list = cli("status");
        assertEquals(0, list.awaitExit(Duration.ofSeconds(20)), list.log());
        String out = list.out();
        assertTrue(out.startsWith("CONFIG "), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith(a + " ") && l.contains(" " + first.pid() + " ")
                && l.contains(" serving ")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith(b + " ") && l.contains(" " + second.pid() + " ")), out);
        Baton json = cli("status", "--json");
        assertEquals(0, json.awaitExit(Duration.ofSeconds(20)));
        assertTrue(json.out().startsWith("[{\"running\":true,\"socket\":"), json.out());
        assertTrue(json.out().contains("\"config\":\"" + a + "\""), json.out());
    }

    @Test
    void aBadPidfileOptionIsAConfigError() {
        Path cfg = write("ok.yaml", "command: [sleep, \"5\"]\nupgrade: {mode: inplace}\n");
        Baton b = cli("run", "-c", cfg.toString(), "--pidfile", "/nonexistent/dir/x.pid");
        assertEquals(78, b.awaitExit(Duration.ofSeconds(20)));
        assertEquals("baton: --pidfile /nonexistent/dir/x.pid: directory /nonexistent/dir does not exist; expected a file"
                + " in an existing directory\n", b.log());
    }

    @Test
    void checkRejectsBadConfigWith78() {
        Path cfg = write("bad.yaml", "command: [no-such-program-here]\n");
        Baton b = cli("check", "-c", cfg.toString());
        assertEquals(78, b.awaitExit(Duration.ofSeconds(20)));
        assertOneLine(b.log());
        assertTrue(b.log().contains(":1: command: cannot run \"no-such-program-here\": not found in PATH"), b.log());
    }

    @Test
    void checkOfflineLintsAConfigForAnotherHostAndSaysWhatItSkipped() {
        Path cfg = write("foreign.yaml", String.join("\n", "command: [/opt/app/bin/server, --port, \"${PORT}\"]",
                "user: www-data-elsewhere", "workdir: /srv/elsewhere", ""));
        Baton here = cli("check", "-c", cfg.toString());
        assertEquals(78, here.awaitExit(Duration.ofSeconds(20)), here.log());
        Baton offline = cli("check", "--offline", "-c", cfg.toString());
        assertEquals(0, offline.awaitExit(Duration.ofSeconds(20)), offline.log());
        assertTrue(offline.out().contains("- /opt/app/bin/server"), offline.out());
        for (String what : List.of("user www-data-elsewhere: not looked up", "workdir /srv/elsewhere: not checked that it"
                + " exists", "variable PORT: not set here; read as <PORT>", "command /opt/app/bin/server: not looked up")) {
            assertTrue(offline.log().contains("baton: offline, not checked: " + what + "\n"), offline.log());
        }
        Path broken = write("broken.yaml", "command: [/opt/app/bin/server]\nupgrade: {timeout: soon}\n");
        Baton bad = cli("check", "--offline", "-c", broken.toString());
        assertEquals(78, bad.awaitExit(Duration.ofSeconds(20)), "offline, a mistake in the file is still one");
    }

    /** The archive is code the JVM maps: bin/baton makes it only where no other user could swap it. */
    @Test
    void trainArchiveRefusesACacheDirectoryOthersMayWrite() throws Exception {
        Path cache = dir.resolve("cache");
        java.nio.file.Files.createDirectory(cache);
        java.nio.file.Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        java.util.Map<String, String> env = new java.util.HashMap<>(env());
        env.put("BATON_CACHE_DIR", cache.toString());
        Baton open = Baton.start(dir, env, "train-archive");
        batons.add(open);
        assertEquals(1, open.awaitExit(Duration.ofSeconds(60)), open.log());
        assertEquals("baton: not writing the archive in " + cache + ": it must be a directory owned by root or you that no"
                + " other user can write\n", open.log());
        assertEquals(List.of(), List.of(cache.toFile().list()));
        java.nio.file.Files.setPosixFilePermissions(cache, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Baton trusted = Baton.start(dir, env, "train-archive");
        batons.add(trusted);
        assertEquals(0, trusted.awaitExit(Duration.ofSeconds(120)), trusted.log());
        assertTrue(java.nio.file.Files.size(cache.resolve("baton.jsa")) > 0 || java.nio.file.Files.exists(cache.resolve("baton.aot")));
    }

    @Test
    void versionAndHelp() {
        Baton v = cli("version");
        assertEquals(0, v.awaitExit(Duration.ofSeconds(20)));
        assertTrue(v.out().matches("baton \\d+\\.\\d+\\.\\d+.*\n"), v.out());
        Baton h = cli("--help");
        assertEquals(0, h.awaitExit(Duration.ofSeconds(20)));
        assertTrue(h.out().contains("Exit codes:") && h.out().contains("78") && h.out().contains("64"), h.out());
    }

    @Test
    void ignoredHupFromNohupIsResetSoTheUpgradeSignalWorks() {
        Path ready = dir.resolve("ready-{{generation}}");
        Path cfg = write("app.yaml", "command: " + app("--ready-file", ready.toString()) + "\nupgrade: {mode: inplace}\n"
                + "healthcheck: " + readyFileCheck(ready) + "\n");
        Baton nohup = startIgnoringHup(cfg);
        nohup.awaitReady();
        nohup.signal("HUP");
        nohup.awaitLog("stopped: child", Duration.ofSeconds(20));
        nohup.signal("TERM");
        assertEquals(0, nohup.awaitExit(Duration.ofSeconds(10)));
    }

    private Baton startIgnoringHup(Path cfg) {
        // `trap '' HUP` then exec: baton inherits SIG_IGN for HUP, exactly as under nohup
        Baton b = Baton.startVia(dir, env(), "sh", "-c", "trap '' HUP; exec \"$0\" \"$@\"", Baton.bin().toString(),
                "run", "-c", cfg.toString());
        batons.add(b);
        return b;
    }
}
