package dev.baton.launcher.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One flip per check kind that issue 8 added, end to end with real baton processes: http over a
 * unix socket, unix, fastcgi against a real php-fpm, all (notify AND http), and a plugin loaded from
 * plugins/. Each failure case asserts the one readable line baton logs.
 */
class HealthChecksIT extends ItBase {
    static final Duration FLIP = Duration.ofSeconds(30);

    private Baton flip(Baton b, int n) {
        b.signal("HUP");
        b.awaitLog("flip completed", n, FLIP);
        b.awaitLog("stopped: child", n, FLIP);
        return b;
    }

    /** The kinds that were there before issue 8, one in-place flip each; the new ones have tests of their own below. */
    @ParameterizedTest
    @ValueSource(strings = {"alive", "tcp", "http", "exec", "notify"})
    void eachKindFlips(String kind) {
        int p1 = Http.freePort();
        int p2 = Http.freePort();
        Path ready = dir.resolve("ready-{{generation}}");
        String check = switch (kind) {
            case "alive" -> "{alive: {duration: 300ms}}";
            case "tcp" -> "{tcp: {address: \"127.0.0.1:{{alt}}\", interval: 20ms}}";
            case "http" -> "{http: {url: \"http://127.0.0.1:{{alt}}/health\", body: ok, interval: 20ms}}";
            case "exec" -> readyFileCheck(ready);
            default -> "{notify: {}}";
        };
        List<String> flags = new java.util.ArrayList<>(List.of("--health-port", "{{alt}}", "--ready-file", ready.toString()));
        if (kind.equals("notify")) {
            flags.add("--notify");
        }
        Path file = write("app.yaml", "command: " + app(flags.toArray(String[]::new)) + "\nalternate: [\"" + p1 + "\", \"" + p2 + "\"]\nupgrade: {mode: inplace}\nhealthcheck: "
                + check + "\n");
        Baton b = run(file);
        b.awaitReady();
        flip(b, 1);
        assertTrue(b.log().contains("generation=2 pid=" + b.childPid(2) + " " + kind + " check passed (attempt "),
                b.log());
    }

    @Test
    void httpOverAUnixSocketFlipsAndNamesWhatFailed() {
        Path sock = dir.resolve("app-{{generation}}.sock");
        String check = "{http: {url: \"http://app.internal/\", socket: \"" + sock + "\", host: app.internal, "
                + "body: \"pid={{child_pid}}\", interval: 20ms%s}}";
        String cfg = "command: " + app("--unix-http", sock.toString()) + "\nupgrade: {mode: inplace, timeout: 3s}\n"
                + "healthcheck: %s\n";
        Path file = write("app.yaml", cfg.formatted(check.formatted("")));
        Baton b = run(file);
        b.awaitReady();
        flip(b, 1);
        assertTrue(b.log().contains("generation=2 pid=" + b.childPid(2) + " http check passed (attempt "), b.log());

        write("app.yaml", cfg.formatted(check.formatted(", status: 418")));
        b.signal("HUP");
        b.awaitLog("generation=3 pid=\\d+ flip failed: not healthy within", FLIP);
        Pattern line = Pattern.compile("generation=3 pid=\\d+ http check: 200 from http://app.internal/ via "
                + Pattern.quote(dir.resolve("app-3.sock").toString()) + " \\(attempt \\d+, \\d+\\.\\d s\\)$",
                Pattern.MULTILINE);
        assertTrue(line.matcher(b.log()).find(), "one readable line for the failing check\n" + b.log());
        assertEquals(1, b.count("pid=\\d+ http check: 200 from"), "logged once, not once per attempt");
        assertTrue(b.log().contains("flip failed: not healthy within 3s (last: http check: 200 from http://app.internal/"),
                "the flip's failure names the check's last failure\n" + b.log());
        assertTrue(Files.exists(dir.resolve("app-2.sock")), "generation 2 keeps serving");
    }

    @Test
    void unixCheckFlips() {
        Path sock = dir.resolve("app-{{generation}}.sock");
        Path file = write("app.yaml", "command: " + app("--unix-http", sock.toString())
                + "\nupgrade: {mode: inplace}\nhealthcheck: {unix: {path: \"" + sock + "\", interval: 20ms}}\n");
        Baton b = run(file);
        b.awaitReady();
        flip(b, 1);
        assertTrue(b.log().contains("generation=2 pid=" + b.childPid(2) + " unix check passed"), b.log());
    }

    @Test
    void allNeedsNotifyAndHttpAndCountsWholeRounds() {
        int port = Http.freePort();
        Path file = write("app.yaml", "command: " + app("--port", Integer.toString(port), "--notify", "--notify-after",
                "0.3") + "\nupgrade: {mode: inplace}\nhealthcheck:\n  all:\n    checks:\n      - notify: {}\n"
                + "      - http: {url: \"http://127.0.0.1:" + port + "/\", body: \"pid={{child_pid}}\"}\n"
                + "    successes: 2\n    interval: 20ms\n");
        Baton b = run(file);
        b.awaitReady();
        flip(b, 1);
        long child = b.childPid(2);
        assertEquals(child, Http.pid(port));
        Pattern passed = Pattern.compile("generation=2 pid=" + child + " all check passed \\(attempt (\\d+),");
        var m = passed.matcher(b.log());
        assertTrue(m.find(), b.log());
        assertTrue(Integer.parseInt(m.group(1)) >= 2, "two passing rounds: " + m.group());
        assertTrue(b.log().contains("generation=2 pid=" + child + " child status: up, pid " + child),
                "notify's STATUS= is still logged inside all\n" + b.log());
    }

    @Test
    void fastcgiAgainstARealPhpFpm() throws IOException {
        Path fpm = phpFpm();
        Path conf = dir.resolve("fpm.conf");
        Files.writeString(conf, """
                [global]
                error_log = /proc/self/fd/2
                daemonize = no
                [www]
                listen = ${FPM_SOCK}
                pm = static
                pm.max_children = 2
                ping.path = /ping
                ping.response = pong
                """);
        Path sock = dir.resolve("fpm-{{generation}}.sock");
        String cfg = "command: [\"" + fpm + "\", -n, -F, -R, -y, \"" + conf + "\"]\nenv: {FPM_SOCK: \"" + sock + "\"}\n"
                + "upgrade: {mode: inplace, timeout: 5s}\nshutdown: {signal: QUIT, timeout: 5s}\n"
                + "healthcheck: {fastcgi: {address: \"unix://" + sock + "\", path: %s, body: \"^pong$\", interval: 50ms}}\n";
        Path file = write("app.yaml", cfg.formatted("/ping"));
        Baton b = run(file);
        b.awaitReady();
        assertTrue(b.log().contains("fastcgi check passed"), b.log());
        flip(b, 1);
        assertTrue(b.log().contains("generation=2 pid=" + b.childPid(2) + " fastcgi check passed"), b.log());

        write("app.yaml", cfg.formatted("/nope"));
        b.signal("HUP");
        b.awaitLog("generation=3 pid=\\d+ flip failed: not healthy within", FLIP);
        assertTrue(Pattern.compile("generation=3 pid=\\d+ fastcgi check: 404 from unix://"
                + Pattern.quote(dir.resolve("fpm-3.sock").toString()) + " /nope .*\\(attempt \\d+, \\d+\\.\\d s\\)$",
                Pattern.MULTILINE).matcher(b.log()).find(), "php-fpm's 404 for an unknown script, in one line\n" + b.log());
        assertTrue(Files.exists(dir.resolve("fpm-2.sock")), "generation 2's php-fpm keeps serving");
    }

    @Test
    void aPluginFromThePluginsDirectoryChecksEveryGeneration() throws IOException {
        Path release = ReexecFlipIT.copyRelease(dir.resolve("release"), "0.0.1-P");
        Files.copy(pluginJar(), release.resolve("plugins/baton-ready-file-check.jar"));
        Path ready = dir.resolve("ready-{{generation}}");
        pidfile = dir.resolve("baton.pid");
        Path file = write("app.yaml", "command: " + app("--ready-file", ready.toString()) + "\npidfile: " + pidfile
                + "\nupgrade: {mode: reexec}\nhealthcheck: {ready_file: {path: \"" + ready + "\", contains: \"^{{child_pid}}$\", interval: 20ms}}\n");
        Baton b = Baton.startVia(dir, env(), release.resolve("bin/baton").toString(), "run", "-c", file.toString());
        batons.add(b);
        b.awaitReady();
        assertTrue(b.log().contains("generation=1 pid=" + b.childPid(1) + " ready_file check passed"), b.log());
        b.signal("HUP");
        b.awaitLog("flip ended: the old baton has exited", FLIP);
        assertTrue(b.log().contains("generation=2 pid=" + b.childPid(2) + " ready_file check passed"),
                "the new baton (a new JVM) loaded the plugin again\n" + b.log());
    }

    @Test
    void aBrokenPluginIsOneLineAndExit78() throws Exception {
        Path release = ReexecFlipIT.copyRelease(dir.resolve("release"), "0.0.1-P");
        Files.writeString(release.resolve("plugins/broken.jar"), "not a jar");
        Path file = write("app.yaml", "command: " + app() + "\n");
        Baton b = Baton.startVia(dir, env(), release.resolve("bin/baton").toString(), "check", "-c", file.toString());
        batons.add(b);
        assertEquals(78, b.awaitExit(Duration.ofSeconds(20)));
        List<String> lines = b.log().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), b.log());
        assertTrue(lines.get(0).matches("baton: plugin .*/plugins/broken.jar is not a readable jar: .*"), lines.get(0));
    }

    static Path phpFpm() throws IOException {
        try (var s = Files.list(Path.of("/usr/sbin"))) {
            return s.filter(p -> p.getFileName().toString().matches("php-fpm[0-9.]*")).sorted().findFirst()
                    .orElseGet(() -> fail("php-fpm is not installed (/usr/sbin/php-fpm*): run ./test.sh, which "
                            + "installs Debian's php-fpm, or apt-get install php-fpm"));
        }
    }

    static Path pluginJar() {
        Path jar = Path.of(System.getProperty("baton.plugin.jar", "../examples/healthcheck-plugin/target/"
                + "baton-ready-file-check.jar"));
        if (!Files.isRegularFile(jar)) {
            fail("the example plugin is not built (" + jar + "): run the tests through ./test.sh or mvn verify");
        }
        return jar;
    }
}
