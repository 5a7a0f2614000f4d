package dev.baton.launcher.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * packaging/docker/Dockerfile, built with the Docker engine the tests start, on the local Debian 12
 * test image (no registry here): baton as PID 1 flips its app in place under load with no failed
 * request, and `docker stop` ends it within the grace period, with the app's own exit status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerImageIT {
    private static final String IMAGE = "baton-it/example:test";
    private final String name = "baton-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final int port = Http.freePort();

    private static Result docker(int seconds, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + args[0] + " did not end within " + seconds + " s: " + out);
        }
        return new Result(p.exitValue(), out.trim());
    }

    record Result(int code, String out) {
    }

    @BeforeAll
    void buildAndRun() throws Exception {
        assertEquals(0, docker(30, "info").code(), "no Docker engine: ./test.sh starts one");
        Path root = ListenersIT.examples().getParent();
        Result built = docker(600, "build", "-q", "--build-arg", "BASE=baton-it/bookworm", "-f",
                root.resolve("packaging/docker/Dockerfile").toString(), "-t", IMAGE, root.toString());
        assertEquals(0, built.code(), built.out());
        // host networking: the load comes from the host's loopback, as a published port would
        Result run = docker(60, "run", "-d", "--name", name, "--network", "host", "-e", "PORT=" + port, IMAGE);
        assertEquals(0, run.code(), run.out());
        Await.until("the app to answer", Duration.ofSeconds(60), () -> Http.get(port, "/health").isPresent(),
                this::logs);
    }

    @AfterAll
    void remove() throws Exception {
        docker(60, "rm", "-f", name);
    }

    private String logs() {
        try {
            return docker(30, "logs", name).out();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    @Test
    void flipsInPlaceUnderLoadThenDockerStopDrainsWithinTheGracePeriod() throws Exception {
        String before = Http.get(port, "/health").orElseThrow();
        try (Load load = new Load(Load.tcp(port), 2, Duration.ofSeconds(60))) {
            Await.until("load to run", Duration.ofSeconds(10), () -> load.total() > 100);
            Result upgrade = docker(120, "exec", name, "baton", "upgrade", "-c", "/etc/baton/app.yaml");
            assertEquals(0, upgrade.code(), upgrade.out() + "\n" + logs());
            long atFlip = load.total();
            Await.until("requests after the flip", Duration.ofSeconds(10), () -> load.total() > atFlip + 100);
            load.close();
            assertEquals(0, load.failed(), load.report());
        }
        String after = Http.get(port, "/health").orElseThrow();
        assertTrue(!after.equals(before), "a new child answers: " + before + " then " + after);
        assertTrue(docker(30, "exec", name, "cat", "/proc/1/cmdline").out().contains("dev.baton.launcher.Main"),
                "baton is PID 1");

        long start = System.nanoTime();
        Result stop = docker(60, "stop", "-t", "30", name);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, stop.code(), stop.out());
        assertTrue(tookMs < 20_000, "docker stop took " + tookMs + " ms, within shutdown.timeout (15s)");
        assertEquals("0", docker(30, "inspect", "-f", "{{.State.ExitCode}}", name).out(),
                "the app's own exit status, not 137 (SIGKILL at the grace period's end)\n" + logs());
        assertTrue(logs().contains("received SIGTERM; stopping"), logs());
    }
}
