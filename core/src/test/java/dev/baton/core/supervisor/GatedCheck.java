package dev.baton.core.supervisor;

import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckFailedException;
import dev.baton.core.spi.ChildLaunch;
import dev.baton.core.health.HealthCheck;
import dev.baton.core.health.CheckPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A check whose {@code await} blocks until the test passes or fails it. */
final class GatedCheck implements HealthCheck {
    /** Added to the child's environment by {@link #prepare}. */
    static final String ENV = "GATED_CHECK_GENERATION";

    private final CompletableFuture<Void> gate = new CompletableFuture<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    volatile long generation = -1;
    volatile long startedPid = -1;
    volatile boolean interrupted;

    @Override
    public void prepare(ChildLaunch launch) {
        generation = launch.generation();
        launch.putEnv(ENV, Long.toString(launch.generation()));
    }

    @Override
    public void started(long childPid) {
        startedPid = childPid;
    }

    @Override
    public void await(CheckContext context) throws InterruptedException, CheckFailedException {
        try {
            gate.get();
        } catch (InterruptedException e) {
            interrupted = true;
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CheckFailedException cf) {
                throw cf;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        closed.countDown();
    }

    void pass() {
        gate.complete(null);
    }

    void fail(String reason) {
        gate.completeExceptionally(new CheckFailedException(reason));
    }

    boolean isClosed() {
        return closed.getCount() == 0;
    }

    /** Waits (bounded) for close(); once closed, anything the check posted is already queued. */
    void awaitClosed() throws InterruptedException {
        assertTrue(closed.await(5, TimeUnit.SECONDS), "check of generation " + generation + " was never closed");
    }

    /** Makes {@link GatedCheck}s and finds them by the generation they were prepared for. */
    static final class Spec implements CheckPlan {
        @Override
        public List<dev.baton.core.spi.CheckTarget> targets() {
            return List.of();
        }

        private final List<GatedCheck> made = new ArrayList<>();

        @Override
        public String kind() {
            return "gated";
        }

        @Override
        public Map<String, Object> describe() {
            return Map.of();
        }

        @Override
        public synchronized HealthCheck newCheck() {
            GatedCheck c = new GatedCheck();
            made.add(c);
            return c;
        }

        /** The latest check prepared for this generation. */
        synchronized GatedCheck forGeneration(long generation) {
            for (int i = made.size() - 1; i >= 0; i--) {
                if (made.get(i).generation == generation) {
                    return made.get(i);
                }
            }
            return org.junit.jupiter.api.Assertions.fail("no check was prepared for generation " + generation);
        }

        synchronized int made() {
            return made.size();
        }
    }
}
