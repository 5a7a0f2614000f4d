package dev.baton.healthcheck;

import dev.baton.core.config.ConfigException;
import dev.baton.core.config.ConfigLoader;
import dev.baton.core.config.ConfigTestSupport;
import dev.baton.core.config.TemplateVars;
import dev.baton.core.config.TestSystem;
import dev.baton.core.health.HealthChecks;
import dev.baton.core.spi.Quote;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;
import org.quicktheories.impl.Constraint;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Fuzzes the config loader with the example configs mutated (lines and characters deleted,
 * duplicated and swapped, YAML specials, huge numbers, long digit runs, deep nesting, anchors
 * and aliases inserted) and with random YAML. Whatever the input, the loader either returns a
 * config or throws its one-line {@link ConfigException}, and takes less than a second.
 *
 * <p>Bounded for CI: 2,000 inputs in all, a few seconds. A failure prints the smallest input
 * QuickTheories found and the seed. A longer hunt: {@code -Dbaton.fuzz.tries=50000}. Every bug
 * found this way gets a deterministic regression test of its own.
 */
class ConfigLoaderFuzzTest {
    private static final Duration PER_INPUT = Duration.ofSeconds(1);
    private static final int TRIES = Integer.getInteger("baton.fuzz.tries", 2000);
    @TempDir
    static Path host;
    private static ConfigLoader loader;
    private static List<String> seeds;

    // ---- the host: a directory with an executable app, the interpreters the examples name, and bin/ as PATH ----

    @BeforeAll
    static void createHost() throws IOException {
        Path bin = Files.createDirectory(host.resolve("bin"));
        for (String program : List.of("app", "bin/java", "bin/python3", "bin/php-fpm", "bin/true")) {
            ConfigTestSupport.executable(host.resolve(program));
        }
        Files.createDirectories(host.resolve("run"));
        TestSystem system = new TestSystem(host);
        system.env.put("PATH", bin.toString());
        system.env.put("HOME", "/home/app");
        system.env.put("PORT", "8080");
        system.users.put("root", 0);
        system.users.put("app", 1000);
        system.passwd.put(0, 0);
        system.passwd.put(1000, 1000);
        system.groups.put("root", 0);
        system.groups.put("app", 1000);
        system.openFilesLimit = java.util.OptionalLong.of(1024);
        loader = new ConfigLoader(HealthChecks.fromClassPath(), system);
        seeds = new ArrayList<>(examples());
        seeds.addAll(everyKey());
        for (String seed : seeds) {
            load(seed); // warm up: class loading and the first JIT passes are not the loader's own time
        }
    }

    /** The repository's example configs, examples/**\/baton.yaml. */
    private static List<String> examples() throws IOException {
        Path examples = Path.of(System.getProperty("baton.examples", "../examples"));
        try (Stream<Path> files = Files.walk(examples)) {
            List<String> out = new ArrayList<>();
            for (Path p : files.filter(p -> p.getFileName().toString().equals("baton.yaml")).sorted().toList()) {
                out.add(Files.readString(p));
            }
            if (out.isEmpty()) {
                fail("no examples/**/baton.yaml under " + examples.toAbsolutePath());
            }
            return out;
        }
    }

    /** Seeds that between them use every key the loader knows, valid as written. */
    private static List<String> everyKey() {
        String dir = host.toString();
        return List.of(String.join("\n",
                "alternate: [\"8081\", \"8082\"]",
                "env: {PORT: \"${PORT:-8080}\", HEALTH: \"{{alt}}\", GEN: \"{{generation}}\"}",
                "workdir: " + dir,
                "command: [./app, --port, \"{{alt}}\"]",
                "user: app",
                "group: \"1000\"",
                "pidfile: " + dir + "/run/app.pid",
                "upgrade: {signal: SIGUSR2, mode: reexec, timeout: 1m30s, start_allowance: 5s}",
                "shutdown: {delay: 250ms, signal: SIGINT, timeout: 10s}",
                "log: {level: debug, format: json}",
                "listeners:",
                "  - {name: web, address: \"tcp://127.0.0.1:8080\", backlog: 128}",
                "  - {name: v6, address: \"tcp://[::1]:8443\", ipv6_only: true}",
                "  - name: admin",
                "    address: \"unix://" + dir + "/run/admin.sock\"",
                "    mode: \"0660\"",
                "    owner: app",
                "    group: \"1000\"",
                "listener_protocol: both",
                "healthcheck:",
                "  all:",
                "    checks:",
                "      - http: {url: \"http://127.0.0.1:{{alt}}/health\", body: \"^pid={{child_pid}}$\", status: 2xx,",
                "               method: GET, headers: {X-A: b}, expect_headers: {Content-Type: text}, timeout: 2s}",
                "      - tcp: {address: \"127.0.0.1:{{alt}}\"}",
                "      - exec: {command: [true, \"{{child_pid}}\"]}",
                "      - alive: {duration: 1s}",
                "    interval: 100ms",
                "    timeout: 3s",
                "    initial_delay: 0",
                "    successes: 2",
                "    failures_allowed: 1",
                ""), String.join("\n",
                "command: ./app --flag \"quoted word\"",
                "upgrade: {mode: inplace}",
                "healthcheck:",
                "  fastcgi:",
                "    address: \"127.0.0.1:9000\"",
                "    script_filename: /srv/ping.php",
                "    params: {A: b}",
                "    status: 200-299",
                ""), String.join("\n",
                "command: [./app]",
                "healthcheck: {unix: {path: " + dir + "/run/app.sock}}",
                ""), String.join("\n",
                "command: [./app]",
                "healthcheck: {notify: {}}",
                ""), String.join("\n",
                "command: [./app]",
                "healthcheck: {http: {socket: " + dir + "/run/http.sock, url: \"http://localhost/health\"}}",
                ""));
    }

    // ---- the properties ----

    @Test
    void aMutatedConfigLoadsOrFailsWithOneLine() {
        qt().withExamples(TRIES * 3 / 4).withShrinkCycles(300).forAll(mutatedConfigs()).describedAs(ConfigLoaderFuzzTest::shown)
                .checkAssert(ConfigLoaderFuzzTest::load);
    }

    @Test
    void randomYamlLoadsOrFailsWithOneLine() {
        qt().withExamples(TRIES / 4).withShrinkCycles(300).forAll(randomYaml()).describedAs(ConfigLoaderFuzzTest::shown)
                .checkAssert(ConfigLoaderFuzzTest::load);
    }

    /** Aliases that would expand into billions of nodes; SnakeYAML's alias limit refuses them at once. */
    @Test
    void aliasBombsAreRefusedQuickly() {
        StringBuilder laughs = new StringBuilder("command: ./app\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            laughs.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                laughs.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            laughs.append("]\n");
        }
        StringBuilder wide = new StringBuilder("w: &w [").append("x, ".repeat(100_000)).append("x]\ncommand: [");
        for (int i = 0; i < 30; i++) {
            wide.append(i == 0 ? "" : ", ").append("*w");
        }
        wide.append("]\n");
        for (String bomb : List.of(laughs.toString(), wide.toString(), "command: &c [./app, *c]\n",
                "env: &e {A: *e}\ncommand: ./app\n")) {
            assertInstanceOf(ConfigException.class, load(bomb), () -> Quote.value(bomb.substring(0, 200)));
        }
    }

    /**
     * Loads {@code yaml} and returns what it threw, or null: only a one-line ConfigException may
     * come out, within a second.
     */
    private static Throwable load(String yaml) {
        Path file = host.resolve("baton.yaml");
        try {
            Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Throwable thrown = assertTimeoutPreemptively(PER_INPUT, () -> {
            try {
                loader.load(file, TemplateVars.FIRST);
                return null;
            } catch (Throwable t) {
                return t;
            }
        }, () -> "took over " + PER_INPUT.toMillis() + " ms: " + shown(yaml));
        if (thrown == null) {
            return null;
        }
        if (!(thrown instanceof ConfigException)) {
            throw new AssertionError("threw " + thrown + " for " + shown(yaml), thrown);
        }
        String m = thrown.getMessage();
        for (int i = 0; i < m.length(); i++) {
            int type = Character.getType(m.charAt(i));
            if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                fail("the message holds " + String.format("U+%04X", (int) m.charAt(i)) + ", so it is not one clean line: "
                        + Quote.value(m) + " for " + shown(yaml));
            }
        }
        return thrown;
    }

    private static String shown(String yaml) {
        return yaml.length() > 2000 ? Quote.value(yaml.substring(0, 2000)) + "... (" + yaml.length() + " chars)"
                : Quote.value(yaml);
    }

    // ---- mutations of the seeds ----

    /** What goes into a config where a mutation inserts or replaces something. */
    static final List<String> SPECIALS = List.of(
            // numbers
            "99999999999", "2147483648", "-1", "0", "-0", "1e400", "0x10", "0o17", "0b101", "1_000", "+5", ".5",
            "9".repeat(12_000), "1".repeat(100) + "s", "0." + "0".repeat(50) + "1s", "1." + "5".repeat(60) + "h",
            ".inf", "-.inf", ".nan", "9223372036854775807ns", "9223372036854775808ns",
            // YAML scalars and structure
            "~", "null", "true", "no", "''", "\"\"", "[]", "{}", "[[]]", "{a: }", "? x", "- ", ": ", "-", ":", ",",
            "|", ">", "|-\n  text", ">+\n  folded\n", "'it''s'", "\"\\\"\"", "\"unterminated", "'unterminated", "#", "# x",
            "&a x", "&a [x, y]", "*a", "*undefined", "<<: *a", "<<: {a: b}", "&a {b: *a}",
            "!!str 5", "!!int x", "!!float 1.5", "!!binary aGVsbG8=", "!!timestamp 2001-12-14", "!!set {a, b}",
            "!!omap [a: 1]", "!!python/object:os.system ls", "!java.lang.Runtime x", "!<tag:yaml.org,2002:str> x", "!x y",
            "%YAML 1.1", "%TAG ! tag:x,2000:", "---", "...", "--- !!map", "@x", "`x`",
            // characters
            "\t", "\\", "\u0000", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u00a0", "\u2028", "\u2029", "\ufeff",
            "\ud800", "\udc00", "\ud83d\ude00", "\"\\u0000\"", "\"\\x85\"", "\"\\u2028\"", "\"\\e\"", "\"\\ud800\"",
            "\"\\N\"", "\"\\L\"", "\"\\P\"", "\"\\_\"", "\"\\q\"",
            // baton's own syntax
            "${HOME}", "${NOPE}", "${", "${}", "${X:-}", "${X:-${Y:-z}}", "$${X}", "$", "{{alt}}", "{{generation}}",
            "{{child_pid}}", "{{nope}}", "{{", "}}", "{{ alt }}",
            // values of the right kind, and wrong ones
            "5s", "0s", "1ns", "1h1m1s", "5x", "SIGKILL", "SIGSTOP", "SIGHUP", "HUP", "9", "inplace", "reexec",
            "0660", "0999", "07777", "app", "root", "12345", "nobody", "./app", "/nonexistent", "/", ".", "..",
            "tcp://127.0.0.1:0", "tcp://127.0.0.1:65536", "tcp://[::1]:80", "tcp://[zz]:80", "tcp://[::1]", "tcp://:80",
            "tcp://999.1.1.1:80", "tcp://127.0.0.1:8080", "unix://relative", "unix:///", "unix:///tmp/",
            "unix:///" + "d/".repeat(80) + "s", "unix:///tmp/a;b", "http://127.0.0.1:{{alt}}/health", "http://[::1/",
            "https://x:99999/", "ftp://x/", "http://", "^(a+)+$", "[", "(?<", "\\Q", "2xx", "600", "99-100",
            "x".repeat(5000));

    /** One edit of the text; positions are reduced modulo the text's length when applied. */
    record Mutation(int kind, int a, int b, String special) {
        static final int KINDS = 11;

        String apply(String text) {
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            int line = Math.floorMod(a, lines.size());
            int other = Math.floorMod(b, lines.size());
            int at = text.isEmpty() ? 0 : Math.floorMod(a, text.length());
            switch (kind) {
                case 0 -> lines.remove(line);
                case 1 -> lines.add(line, lines.get(line));
                case 2 -> java.util.Collections.swap(lines, line, other);
                case 3 -> {
                    return text.isEmpty() ? text : text.substring(0, at) + text.substring(at + 1);
                }
                case 4 -> {
                    return text.isEmpty() ? text : text.substring(0, at + 1) + text.substring(at);
                }
                case 5 -> {
                    return at + 1 >= text.length() ? text
                            : text.substring(0, at) + text.charAt(at + 1) + text.charAt(at) + text.substring(at + 2);
                }
                case 6 -> {
                    return text.substring(0, at) + special + text.substring(at);
                }
                case 7 -> lines.set(line, replaceValue(lines.get(line), special));
                case 8 -> lines.add(line, special);
                case 9 -> lines.set(line, replaceValue(lines.get(line), nesting(Math.floorMod(b, 80))));
                default -> lines.add(line, indentOf(lines.get(line)) + "x" + Math.floorMod(b, 9) + ": &x [" + special
                        + ", *x" + Math.floorMod(b, 3) + "]");
            }
            return String.join("\n", lines);
        }

        private static String replaceValue(String line, String value) {
            int colon = line.indexOf(": ");
            return colon < 0 ? line + " " + value : line.substring(0, colon + 2) + value;
        }

        private static String indentOf(String line) {
            int i = 0;
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            return line.substring(0, i);
        }

        /** {@code [[[...x...]]]} or {@code {a: {a: ...}}}, depth levels deep. */
        private static String nesting(int depth) {
            boolean lists = depth % 2 == 0;
            return (lists ? "[" : "{a: ").repeat(depth) + "x" + (lists ? "]" : "}").repeat(depth);
        }
    }

    static Gen<String> mutatedConfigs() {
        Gen<Mutation> mutation = in -> new Mutation(draw(in, 0, Mutation.KINDS - 1), draw(in, 0, 100_000),
                draw(in, 0, 100_000), SPECIALS.get(draw(in, 0, SPECIALS.size() - 1)));
        return Generate.pick(seeds).zip(lists().of(mutation).ofSizeBetween(1, 4), (seed, edits) -> {
            String text = seed;
            for (Mutation m : edits) {
                text = m.apply(text);
            }
            return text;
        });
    }

    private static int draw(RandomnessSource in, int min, int max) {
        return (int) in.next(Constraint.between(min, max));
    }

    // ---- random YAML ----

    static final List<String> KEYS = List.of("command", "alternate", "env", "workdir", "user", "group", "pidfile",
            "upgrade", "shutdown", "healthcheck", "log", "listeners", "listener_protocol", "signal", "mode", "timeout",
            "start_allowance", "delay", "level", "format", "name", "address", "backlog", "owner", "ipv6_only", "alive",
            "all", "checks", "exec", "http", "tcp", "unix", "notify", "fastcgi", "url", "body", "status", "method",
            "headers", "expect_headers", "host", "socket", "ca", "path", "script_filename", "params", "duration",
            "interval", "initial_delay", "successes", "failures_allowed", "PORT", "<<", "", "command ");

    /** A mapping of known and odd keys to trees up to 5 deep, written as YAML in a random style, mostly with a command. */
    static Gen<String> randomYaml() {
        return in -> {
            Map<String, Object> doc = new LinkedHashMap<>();
            if (draw(in, 0, 3) > 0) {
                doc.put("command", "./app");
            }
            for (int i = draw(in, 0, 6); i > 0; i--) {
                doc.put(KEYS.get(draw(in, 0, KEYS.size() - 1)), tree(in, 1));
            }
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.values()[draw(in, 0, 2)]);
            options.setAllowUnicode(true);
            try {
                return new Yaml(options).dump(doc);
            } catch (org.yaml.snakeyaml.error.YAMLException unrepresentable) {
                return doc.toString(); // a lone surrogate can't be written as YAML: Java's {k=v} is input too
            }
        };
    }

    private static Object tree(RandomnessSource in, int depth) {
        switch (depth >= 5 ? 0 : draw(in, 0, 2)) {
            case 1 -> {
                List<Object> list = new ArrayList<>();
                for (int i = draw(in, 0, 4); i > 0; i--) {
                    list.add(tree(in, depth + 1));
                }
                return list;
            }
            case 2 -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = draw(in, 0, 4); i > 0; i--) {
                    map.put(KEYS.get(draw(in, 0, KEYS.size() - 1)), tree(in, depth + 1));
                }
                return map;
            }
            default -> {
                return switch (draw(in, 0, 3)) {
                    case 0 -> SPECIALS.get(draw(in, 0, SPECIALS.size() - 1));
                    case 1 -> {
                        StringBuilder sb = new StringBuilder();
                        for (int i = draw(in, 0, 12); i > 0; i--) {
                            sb.append((char) draw(in, 0, 0x2fff));
                        }
                        yield sb.toString();
                    }
                    case 2 -> draw(in, Integer.MIN_VALUE, Integer.MAX_VALUE);
                    default -> draw(in, 0, 1) == 1;
                };
            }
        }
    }
}
