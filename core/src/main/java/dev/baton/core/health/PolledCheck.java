package dev.baton.core.health;

import dev.baton.core.spi.Attempt;
import dev.baton.core.spi.CheckContext;
import dev.baton.core.spi.CheckFailedException;
import dev.baton.core.spi.ChildLaunch;
import dev.baton.core.spi.Probe;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs a {@link Probe} under a {@link CheckPolicy} until it counts as healthy. Counting starts at
 * the first pass; the check is healthy at {@code successes} passes. A failed attempt after that is
 * forgiven while no more than {@code failures_allowed} have been; the next one restarts the count.
 * A {@link Attempt.Waiting} result neither passes nor fails.
 *
 * <p>Logs only changes of state: a new failure reason, the count restarting, and the pass.
 */
public final class PolledCheck implements HealthCheck {
    private final String kind;
    private final Probe probe;
    private final CheckPolicy policy;
    private volatile String lastFailureLine;

    public PolledCheck(String kind, Probe probe, CheckPolicy policy) {
        this.kind = kind;
        this.probe = probe;
        this.policy = policy;
    }

    @Override
    public void prepare(ChildLaunch launch) {
        probe.prepare(launch);
    }

    @Override
    public void started(long childPid) {
        probe.started(childPid);
    }

    @Override
    public void await(CheckContext ctx) throws InterruptedException, CheckFailedException {
        long start = System.nanoTime();
        if (!policy.initialDelay().isZero()) {
            Thread.sleep(policy.initialDelay().toMillis());
        }
        String lastFailure = null;
        int passes = 0;
        int forgiven = 0;
        int attempt = 0;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            attempt++;
            long attemptStart = System.nanoTime();
            Attempt result = probe.attempt(ctx, policy.timeout());
            ctx.attempted(Duration.ofNanos(System.nanoTime() - attemptStart));
            if (result instanceof Attempt.Pass) {
                passes++;
                if (passes >= policy.successes()) {
                    ctx.stateChanged(kind + " check passed (" + where(attempt, start)
                            + (forgiven > 0 ? "; " + forgiven + " failed attempt" + (forgiven == 1 ? "" : "s")
                                    + " forgiven" : "") + ")");
                    return;
                }
            } else if (result instanceof Attempt.Fail fail) {
                if (passes > 0 && forgiven < policy.failuresAllowed()) {
                    forgiven++;
                } else {
                    String line = kind + " check: " + fail.reason() + " (" + where(attempt, start)
                            + (passes > 0 ? "; counting passes again" : "") + ")";
                    if (!fail.reason().equals(lastFailure)) {
                        ctx.stateChanged(line); // logged when the reason changes, not at every attempt
                        lastFailure = fail.reason();
                    }
                    lastFailureLine = line; // the latest attempt, for "not healthy within ... (last: ...)"
                    passes = 0;
                    forgiven = 0;
                }
            }
            probe.pause(policy.interval());
        }
    }

    @Override
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailureLine);
    }

    @Override
    public void close() {
        probe.close();
    }

    private static String where(int attempt, long start) {
        return "attempt " + attempt + ", " + seconds(start);
    }

    private static String seconds(long start) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
    }
}
