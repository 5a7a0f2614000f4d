package dev.baton.core.health;

import java.time.Duration;

/**
 * Runs attempts until {@code successes} pass in a row. Sleeps {@code interval} between
 * attempts (never busy-loops) and reports only state changes: the first failure, a change of
 * failure reason, and the pass.
 */
public final class Poller {
    private Poller() {
    }

    @FunctionalInterface
    public interface Probe {
        Attempt attempt(Duration timeout) throws InterruptedException;
    }

    public static void run(CheckContext ctx, String kind, PollSettings settings, Probe probe)
            throws InterruptedException {
        long start = System.nanoTime();
        sleep(settings.initialDelay());
        String lastFailure = null;
        int streak = 0;
        int attempt = 0;
        while (true) {
            attempt++;
            Attempt result = probe.attempt(settings.timeout());
            if (result instanceof Attempt.Fail fail) {
                streak = 0;
                if (!fail.reason().equals(lastFailure)) {
                    ctx.stateChanged(kind + " check failing: " + fail.reason() + " (attempt " + attempt + ", "
                            + seconds(start) + ")");
                    lastFailure = fail.reason();
                }
            } else {
                streak++;
                if (streak >= settings.successes()) {
                    ctx.stateChanged(kind + " check passed (attempt " + attempt + ", " + seconds(start) + ")");
                    return;
                }
            }
            sleep(settings.interval());
        }
    }

    private static String seconds(long start) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
    }

    private static void sleep(Duration d) throws InterruptedException {
        if (!d.isZero()) {
            Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
        }
    }
}
