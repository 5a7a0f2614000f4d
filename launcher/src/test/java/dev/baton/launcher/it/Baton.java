package dev.baton.launcher.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/** A real {@code bin/baton} process, its output captured to files. */
final class Baton implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(20);

    final Process process;
    final Path stdout;
    final Path stderr;
    private Long guardPid;

    private Baton(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static Path home() {
        String home = System.getProperty("baton.home");
        if (home == null || !Files.isExecutable(Path.of(home, "bin", "baton"))) {
            fail("baton.home (" + home + ") has no bin/baton: run the integration tests with `mvn verify`");
        }
        return Path.of(home);
    }

    static Path bin() {
        return home().resolve("bin/baton");
    }

    /** Runs {@code baton ARGS} with the given environment additions, stdin from /dev/null. */
    static Baton start(Path dir, Map<String, String> env, String... args) {
        return start(dir, env, ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()), args);
    }

    static Baton start(Path dir, Map<String, String> env, ProcessBuilder.Redirect stdin, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(bin().toString());
        cmd.addAll(List.of(args));
        return launch(dir, env, stdin, cmd);
    }

    /** Runs an arbitrary command line that ends up exec'ing baton (same pid). */
    static Baton startVia(Path dir, Map<String, String> env, String... command) {
        return launch(dir, env, ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()), List.of(command));
    }

    private static Baton launch(Path dir, Map<String, String> env, ProcessBuilder.Redirect stdin, List<String> cmd) {
        String name = "baton-" + System.nanoTime();
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(stdin)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().putAll(env);
        try {
            return new Baton(pb.start(), out, err);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + cmd, e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void signal(String name) {
        Procs.kill(pid(), name);
    }

    String log() {
        return read(stderr);
    }

    String out() {
        return read(stdout);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    int count(String regex) {
        return (int) Pattern.compile(regex, Pattern.MULTILINE).matcher(log()).results().count();
    }

    /** Waits until the log has at least {@code n} lines matching {@code regex}. */
    void awaitLog(String regex, int n, Duration timeout) {
        Await.until(n + "× /" + regex + "/ in baton's log", timeout, () -> count(regex) >= n,
                () -> "\n--- baton log ---\n" + log());
    }

    void awaitLog(String regex, Duration timeout) {
        awaitLog(regex, 1, timeout);
    }

    void awaitReady() {
        awaitLog(" ready$", START);
        guardPid = Procs.childrenOf(pid()).stream().filter(s -> Procs.cmdline(s.pid()).startsWith("baton-guard"))
                .map(Procs.Stat::pid).findFirst().orElse(null);
    }

    /** The pid of the generation's child, from the log line "generation=N pid=P child started". */
    long childPid(int generation) {
        var m = Pattern.compile("generation=" + generation + " pid=(\\d+) child started").matcher(log());
        if (!m.find()) {
            fail("no child started for generation " + generation + "\n" + log());
        }
        return Long.parseLong(m.group(1));
    }

    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("baton did not exit within " + timeout.toMillis() + " ms\n--- log ---\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (guardPid != null) {
            Await.until("baton-guard " + guardPid + " to exit", Duration.ofSeconds(5), () -> !Procs.alive(guardPid));
        }
        return process.exitValue();
    }

    /** Stops baton if the test left it running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
