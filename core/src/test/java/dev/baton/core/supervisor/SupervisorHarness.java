package dev.baton.core.supervisor;

import dev.baton.core.os.ChildExit;
import dev.baton.core.os.Signal;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Drives a {@link Supervisor} through its test hooks against {@link FakeOs}, {@link ManualScheduler}
 * and {@link GatedCheck}. Everything but check results is posted synchronously on the test thread,
 * so {@link #drain()} handles it; check results come from the check's own thread, so
 * {@link #stepUntil} waits for them (bounded, without sleeping).
 */
abstract class SupervisorHarness {
    static final Duration STEP = Duration.ofMillis(50);
    static final Duration PATIENCE = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    final FakeOs os = new FakeOs();
    final ManualScheduler clock = new ManualScheduler();
    final GatedCheck.Spec checks = new GatedCheck.Spec();
    final RecordingListener listener = new RecordingListener();
    /** Set before the first {@link #sup()} to start the supervisor with another environment. */
    BatonEnvironment environment = BatonEnvironment.fromProcess(Map.of(
            "PATH", "/usr/bin:/bin",
            "HOME", "/root",
            "NOTIFY_SOCKET", "/run/systemd/notify",
            "LISTEN_FDS", "2",
            "BATON_INTERNAL", "x"));
    /** By default generation N loads the config {@code vN} with the gated check and default settings. */
    ScriptedConfigs configs = new ScriptedConfigs(gen -> cfg(gen).build());
    private Supervisor supervisor;

    TestConfig cfg(long generation) {
        return TestConfig.of(generation, checks);
    }

    Supervisor sup() {
        if (supervisor == null) {
            supervisor = new Supervisor(os, configs, clock, environment, listener);
        }
        return supervisor;
    }

    /** Handles every event already queued. */
    void drain() throws InterruptedException {
        int n = 0;
        while (sup().step(Duration.ZERO)) {
            if (++n > 10_000) {
                fail("event storm: the supervisor keeps posting events to itself");
            }
        }
    }

    /** Handles events until {@code cond} holds; fails after {@link #PATIENCE}. */
    void stepUntil(BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("condition not reached within " + PATIENCE);
            }
            sup().step(STEP);
        }
    }

    void signal(Signal s) throws InterruptedException {
        sup().signal(s);
        drain();
    }

    void advance(Duration d) throws InterruptedException {
        clock.advance(d);
        drain();
    }

    GatedCheck check(long generation) {
        return checks.forGeneration(generation);
    }

    FakeOs.FakeChild child(int index) {
        return os.child(index);
    }

    /** Starts generation 1 from {@code first} and makes it healthy. */
    void startReady(TestConfig first) throws InterruptedException {
        sup().start(first.build());
        check(1).pass();
        stepUntil(sup()::ready);
    }

    void startReady() throws InterruptedException {
        startReady(cfg(1));
    }

    /** Makes the candidate healthy and waits until it has taken over. */
    void passCandidate(long generation) throws InterruptedException {
        assertEquals(generation, sup().candidate().number, "candidate generation");
        check(generation).pass();
        stepUntil(() -> sup().current().number == generation);
    }

    static List<String> plus(List<String> before, String... more) {
        List<String> all = new ArrayList<>(before);
        all.addAll(List.of(more));
        return all;
    }

    static ChildExit.Signaled killedBy(Signal s) {
        return new ChildExit.Signaled(s.number(), false);
    }

    static ChildExit.Exited exited(int code) {
        return new ChildExit.Exited(code);
    }
}
