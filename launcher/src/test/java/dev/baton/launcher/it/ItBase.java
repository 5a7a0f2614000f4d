package dev.baton.launcher.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Shared set-up for tests that run real baton processes. Every process a test starts
 * carries {@code IT_TAG=<uuid>} in its environment (children inherit it), so after each test
 * we can prove that none is left.
 */
abstract class ItBase {
    @TempDir
    Path dir;
    String tag;
    final List<Baton> batons = new ArrayList<>();

    @BeforeEach
    void tagThisTest() {
        tag = UUID.randomUUID().toString();
    }

    /** Set by tests whose baton flips by re-exec: the baton in charge is the one this file names. */
    Path pidfile;

    @AfterEach
    void nothingLeftBehind() {
        long inCharge = pidfile == null ? -1 : dev.baton.core.supervisor.Pidfile.read(pidfile).orElse(-1);
        if (inCharge > 0 && Procs.alive(inCharge) && batons.stream().noneMatch(b -> b.pid() == inCharge)) {
            Procs.kill(inCharge, "TERM");
            Await.until("the baton in charge to stop", Duration.ofSeconds(20), () -> !Procs.alive(inCharge));
        }
        batons.forEach(Baton::close);
        List<Long> left = new ArrayList<>();
        try {
            Await.until("no process of this test to remain", Duration.ofSeconds(10),
                    () -> Procs.withEnv("IT_TAG", tag).isEmpty());
        } catch (AssertionError e) {
            left.addAll(Procs.withEnv("IT_TAG", tag));
        }
        if (!left.isEmpty()) {
            String what = left.stream().map(p -> p + " " + Procs.cmdline(p)).collect(Collectors.joining("\n  "));
            left.forEach(p -> Procs.kill(p, "KILL"));
            fail("processes left behind by the test:\n  " + what);
        }
    }

    static Path testapp() {
        return Path.of(System.getProperty("baton.testapps", "src/test/apps")).toAbsolutePath().resolve("testapp.py");
    }

    /** The command list for the test app, as YAML flow sequence. */
    static String app(String... flags) {
        List<String> words = new ArrayList<>();
        words.add("python3");
        words.add(testapp().toString());
        words.addAll(List.of(flags));
        return words.stream().map(w -> "\"" + w.replace("\"", "\\\"") + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * A health check that passes once the test app has created {@code readyFile}, which it does
     * after installing its signal handlers. Pass {@code "--ready-file", readyFile} to the app.
     */
    static String readyFileCheck(Path readyFile) {
        return "{exec: {command: [test, -f, \"" + readyFile + "\"], interval: 20ms}}";
    }

    Path write(String name, String yaml) {
        Path p = dir.resolve(name);
        try {
            Files.writeString(p, yaml);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("IT_TAG", tag);
        return env;
    }

    Baton run(Path config) {
        Baton b = Baton.start(dir, env(), "run", "-c", config.toString());
        batons.add(b);
        return b;
    }

    List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
