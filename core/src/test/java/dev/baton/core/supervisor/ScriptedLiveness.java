package dev.baton.core.supervisor;

import dev.baton.core.config.LivenessConfig;
import dev.baton.core.health.CheckPolicy;
import dev.baton.core.health.PolicyPlan;
import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.HealthCheckSpec;
import dev.baton.core.spi.Probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A liveness check whose attempts the test answers one by one ({@link Probe#attempt} blocks until it
 * does); pauses take no time. Finds each probe by the pid of the child it watches.
 */
final class ScriptedLiveness implements HealthCheckSpec {
    private final List<ScriptedProbe> made = new ArrayList<>();

    /** {@code liveness: {scripted: {failures_allowed: N}, action: A}}. */
    LivenessConfig config(LivenessConfig.Action action, int failuresAllowed) {
        return new LivenessConfig(new PolicyPlan(this, new CheckPolicy(Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ZERO, 1, failuresAllowed)), action);
    }

    @Override
    public String kind() {
        return "scripted";
    }

    @Override
    public Map<String, Object> describe() {
        return Map.of();
    }

    @Override
    public synchronized Probe newProbe() {
        ScriptedProbe p = new ScriptedProbe(this);
        made.add(p);
        return p;
    }

    synchronized int made() {
        return made.size();
    }

    /** The probe watching the child {@code pid}, once its run has started (bounded wait). */
    synchronized ScriptedProbe forPid(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            for (ScriptedProbe p : made) {
                if (p.pid == pid) {
                    return p;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return fail("no liveness probe started for pid " + pid);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Whether a liveness run started for the child {@code pid}. */
    synchronized boolean startedFor(long pid) {
        return made.stream().anyMatch(p -> p.pid == pid);
    }

    private synchronized void started() {
        notifyAll();
    }

    static final class ScriptedProbe implements Probe {
        private final BlockingQueue<Attempt> answers = new LinkedBlockingQueue<>();
        private final Semaphore taken = new Semaphore(0);
        private final CountDownLatch closed = new CountDownLatch(1);
        private final ScriptedLiveness spec;
        volatile long pid = -1;

        ScriptedProbe(ScriptedLiveness spec) {
            this.spec = spec;
        }

        @Override
        public void started(long childPid) {
            pid = childPid;
            spec.started();
        }

        /** Takes the next answer; the attempt counts as taken once its result is back with the run. */
        @Override
        public Attempt attempt(CheckContext context, Duration timeout) throws InterruptedException {
            Attempt a = answers.take();
            taken.release();
            return a;
        }

        @Override
        public void pause(Duration interval) {
        }

        @Override
        public void close() {
            closed.countDown();
        }

        /**
         * Answers the next attempts, then one that neither passes nor fails, and waits (bounded) until
         * the run has taken that one too: by then it has posted whatever the others made it post.
         */
        void answer(Attempt... attempts) throws InterruptedException {
            answers.addAll(List.of(attempts));
            answers.add(Attempt.waiting("the test has no more answers yet"));
            assertTrue(taken.tryAcquire(attempts.length + 1, 5, TimeUnit.SECONDS),
                    "the liveness run took too few answers");
        }

        void fail(int times) throws InterruptedException {
            Attempt[] a = new Attempt[times];
            java.util.Arrays.fill(a, Attempt.fail("no answer within 1s"));
            answer(a);
        }

        boolean isClosed() {
            return closed.getCount() == 0;
        }

        void awaitClosed() throws InterruptedException {
            assertTrue(closed.await(5, TimeUnit.SECONDS), "liveness probe of pid " + pid + " was never closed");
        }
    }
}
